/**
 * Starts the browser node: finds the relays (from the relay that served the
 * page, or the last known list when offline), loads the identity, starts
 * libp2p and the dialer.
 */
import type { PrivateKey } from '@libp2p/interface'
import { getDb } from '../storage/db.ts'
import { loadOrCreateIdentity } from '../storage/identity.ts'
import { createBrowserNode } from './node.ts'
import type { BrowserNode } from './node.ts'
import { Dialer } from './dialer.ts'

const BOOTSTRAP_KEY = 'bootstrap/last'
const BOOTSTRAP_TIMEOUT_MS = 5_000

export interface Bootstrap { peerId: string, multiaddrs: string[] }

export interface Runtime {
  node: BrowserNode
  dialer: Dialer
  privateKey: PrivateKey
  bootstrap: Bootstrap
}

export async function fetchBootstrap (options: { signal?: AbortSignal } = {}): Promise<Bootstrap> {
  const db = await getDb()
  try {
    const signal = AbortSignal.any([AbortSignal.timeout(BOOTSTRAP_TIMEOUT_MS), ...(options.signal != null ? [options.signal] : [])])
    const res = await fetch('/api/bootstrap', { signal, cache: 'no-store' })
    if (!res.ok) throw new Error(`/api/bootstrap answered ${res.status}`)
    const body = await res.json() as Bootstrap
    if (typeof body.peerId !== 'string' || !Array.isArray(body.multiaddrs) || body.multiaddrs.some(m => typeof m !== 'string')) {
      throw new Error('/api/bootstrap answered an unexpected shape')
    }
    await db.put('kv', body, BOOTSTRAP_KEY)
    return body
  } catch (err) {
    const last = await db.get('kv', BOOTSTRAP_KEY) as Bootstrap | undefined
    if (last != null) return last
    throw err
  }
}

export async function startRuntime (options: { signal?: AbortSignal } = {}): Promise<Runtime> {
  const [bootstrap, privateKey] = await Promise.all([fetchBootstrap(options), loadOrCreateIdentity()])
  const node = await createBrowserNode({ privateKey, relays: bootstrap.multiaddrs })
  const dialer = new Dialer(node, bootstrap.multiaddrs)
  dialer.start()
  return { node, dialer, privateKey, bootstrap }
}
