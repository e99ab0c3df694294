/**
 * Probe results cached per device and model in IndexedDB (via idb), so the timed probe runs
 * once per machine, browser and model rather than on every visit.
 */
import { openDB } from 'idb'
import type { ProbeResult } from '#shared/fl/probe.ts'
import type { BackendName } from '#shared/fl/tf.ts'

export interface CachedProbe {
  key: string
  at: number
  backend: BackendName
  reason: string
  probes: ProbeResult[]
}

const DB = 'vain-training'
const STORE = 'probes'

async function db (): Promise<Awaited<ReturnType<typeof openDB>> | undefined> {
  if (typeof indexedDB === 'undefined') return undefined
  return await openDB(DB, 1, {
    upgrade (d) { d.createObjectStore(STORE, { keyPath: 'key' }) }
  })
}

export async function readProbe (key: string): Promise<CachedProbe | undefined> {
  try {
    const d = await db()
    const value = await d?.get(STORE, key) as CachedProbe | undefined
    d?.close()
    return value
  } catch {
    return undefined
  }
}

export async function writeProbe (entry: CachedProbe): Promise<void> {
  try {
    const d = await db()
    await d?.put(STORE, entry)
    d?.close()
  } catch {
    // a cache that cannot be written only costs a probe next time
  }
}
