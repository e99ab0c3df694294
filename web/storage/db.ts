/**
 * The node's IndexedDB database (through idb). One database, versioned
 * stores; every browser-side persistent record goes through here.
 */
import { openDB } from 'idb'
import type { DBSchema, IDBPDatabase } from 'idb'

export const DB_NAME = 'vain'
export const DB_VERSION = 1

export interface VainDB extends DBSchema {
  /** Small named records: the identity key, the last known state, settings */
  kv: { key: string, value: unknown }
}

let db: Promise<IDBPDatabase<VainDB>> | undefined

export function getDb (): Promise<IDBPDatabase<VainDB>> {
  db ??= openDB<VainDB>(DB_NAME, DB_VERSION, {
    upgrade (database, oldVersion) {
      if (oldVersion < 1) database.createObjectStore('kv')
    },
    blocking () {
      // a newer version of the app wants to upgrade: let it
      void db?.then(d => { d.close() })
      db = undefined
    }
  })
  return db
}
