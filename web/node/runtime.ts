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
import { transportOf } from '#shared/protocol/transport.ts'
import { HourlyByteMeter } from '#shared/node/byte-meter.ts'

const BOOTSTRAP_KEY = 'bootstrap/last'
const BOOTSTRAP_TIMEOUT_MS = 5_000
const RESERVATION_POLL_MS = 25
const RESERVATION_WATCH_MS = 30_000
const ANSWER_MIN_INTERVAL_MS = 250
const EARLY_REANNOUNCE_MS = [1_000, 2_500]
const MAX_SEEN_PEERS = 1024

export interface Bootstrap { peerId: string, multiaddrs: string[] }

/** Milliseconds since the page started (performance.now()), for the dashboard and bench/p2p. */
export interface Timings {
  nodeStarted?: number
  relayConnected?: number
  reservation?: number
  firstDirect?: number
}

export interface Runtime {
  timings: Timings
  /** Bytes moved by vAIn's own protocols, for the hourly data cap */
  meter: HourlyByteMeter
  /** Where the relay list came from: the relay now, or the last one known (offline start) */
  bootstrapSource: 'network' | 'cache'
  node: BrowserNode
  dialer: Dialer
  privateKey: PrivateKey
  bootstrap: Bootstrap
}

export async function fetchBootstrap (options: { signal?: AbortSignal } = {}): Promise<Bootstrap & { source: 'network' | 'cache' }> {
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
    return { ...body, source: 'network' }
  } catch (err) {
    const last = await db.get('kv', BOOTSTRAP_KEY) as Bootstrap | undefined
    if (last != null) return { ...last, source: 'cache' }
    throw err
  }
}

export async function startRuntime (options: { signal?: AbortSignal } = {}): Promise<Runtime> {
  const [bootstrap, privateKey] = await Promise.all([fetchBootstrap(options), loadOrCreateIdentity()])
  const node = await createBrowserNode({ privateKey, relays: bootstrap.multiaddrs })
  const timings: Timings = { nodeStarted: performance.now() }
  const dialer = new Dialer(node, bootstrap.multiaddrs)
  node.addEventListener('connection:open', evt => {
    const id = evt.detail.remotePeer.toString()
    if (dialer.isRelay(id)) timings.relayConnected ??= performance.now()
    else if (transportOf(evt.detail) === 'webrtc') timings.firstDirect ??= performance.now()
  })
  // libp2p debounces self:peer:update by a second; watch the addresses
  // directly so others learn our circuit address as soon as it exists
  const hasCircuit = (): boolean => node.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit'))
  let announced = false
  const announce = (): void => {
    if (announced || !hasCircuit()) return
    announced = true
    timings.reservation ??= performance.now()
    clearInterval(watch)
    node.announce()
    // gossipsub meshes form on heartbeats: repeat early so peers that joined
    // the topic a moment ago hear us without waiting a whole interval
    for (const ms of EARLY_REANNOUNCE_MS) setTimeout(() => { node.announce() }, ms)
  }
  const watch = setInterval(announce, RESERVATION_POLL_MS)
  setTimeout(() => { clearInterval(watch) }, RESERVATION_WATCH_MS)
  node.addEventListener('self:peer:update', () => {
    // a new reservation (after a relay reconnect) is announced at once too
    if (!hasCircuit()) announced = false
    announce()
  })
  // answer a newcomer's announcement with ours at once, so it need not wait
  // for our next interval to learn about us
  const seen = new Set<string>()
  let lastAnswer = 0
  node.addEventListener('peer:discovery', evt => {
    const id = evt.detail.id.toString()
    if (seen.has(id) || dialer.isRelay(id)) return
    seen.add(id)
    if (seen.size > MAX_SEEN_PEERS) seen.delete(seen.values().next().value as string)
    const now = performance.now()
    if (announced && now - lastAnswer > ANSWER_MIN_INTERVAL_MS) {
      lastAnswer = now
      node.announce()
    }
  })
  dialer.start()
  return { timings, meter: new HourlyByteMeter(), bootstrapSource: bootstrap.source, node, dialer, privateKey, bootstrap }
}
