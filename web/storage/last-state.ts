/**
 * The last state the dashboard showed, kept in IndexedDB so an offline start
 * (installed PWA, relay unreachable) renders something true, marked as stale.
 */
import { getDb } from './db.ts'

const LAST_STATE_KEY = 'state/last'
export const MAX_SNAPSHOT_PEERS = 50

export interface Snapshot {
  savedAt: number
  peerId: string
  peers: Array<{ peerId: string, transport: string }>
  backend?: string
  adapter?: string
  /** the last rounds the charts showed */
  rounds?: Array<{ round: number, accuracy: number, loss: number, bytesUp: number, bytesDown: number, localLoss?: number }>
  /** the network's round at the time */
  round?: number
}

export const MAX_SNAPSHOT_ROUNDS = 200

export async function loadSnapshot (): Promise<Snapshot | undefined> {
  const db = await getDb()
  const s = await db.get('kv', LAST_STATE_KEY) as Snapshot | undefined
  if (s == null || typeof s.peerId !== 'string' || !Array.isArray(s.peers)) return undefined
  return s
}

export async function saveSnapshot (s: Snapshot): Promise<void> {
  const db = await getDb()
  await db.put('kv', { ...s, peers: s.peers.slice(0, MAX_SNAPSHOT_PEERS), rounds: s.rounds?.slice(-MAX_SNAPSHOT_ROUNDS) }, LAST_STATE_KEY)
}
