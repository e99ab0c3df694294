/**
 * Keeps the node connected: redials the relay when its connection drops, and
 * upgrades every discovered browser peer to a direct WebRTC connection.
 *
 * To avoid both sides dialling at once, the peer with the smaller id dials
 * first; the other dials only if no direct connection appeared after a grace
 * period. Dials are retried with exponential backoff (counted in `stats`),
 * bounded in concurrency, and peers that failed their hello are not redialled.
 */
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Connection, PeerInfo } from '@libp2p/interface'
import { transportOf } from '#shared/protocol/transport.ts'
import type { BrowserNode } from './node.ts'

export const DIAL_ATTEMPTS = 5
export const DIAL_BACKOFF_MS = 400
export const DIAL_TIMEOUT_MS = 15_000
export const MAX_CONCURRENT_DIALS = 4
export const GRACE_BEFORE_LARGER_DIALS_MS = 12_000
export const RELAY_REDIAL_MAX_MS = 30_000
/** Peers remembered as refused (failed hello); bounded. */
export const MAX_REFUSED_PEERS = 256

export interface DialStats {
  /** direct dials started (each may take several attempts) */
  dials: number
  succeeded: number
  failed: number
  /** attempts beyond the first, over all dials */
  retries: number
}

export interface DialResult { ok: boolean, attempts: number, ms: number, error?: string, connection?: Connection }

export class Dialer {
  readonly stats: DialStats = { dials: 0, succeeded: 0, failed: 0, retries: 0 }
  private readonly node: BrowserNode
  private readonly relays: Multiaddr[]
  private readonly relayIds: Set<string>
  private readonly inFlight = new Set<string>()
  private readonly refused = new Set<string>()
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private readonly controller = new AbortController()
  private relayBackoff = 500
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor (node: BrowserNode, relays: string[]) {
    this.node = node
    this.relays = relays.map(r => multiaddr(r))
    this.relayIds = new Set(this.relays.map(r => r.getComponents().findLast(c => c.name === 'p2p')?.value).filter((v): v is string => v != null))
  }

  start (): void {
    this.node.addEventListener('peer:discovery', evt => { this.onDiscovery(evt.detail) })
    this.node.addEventListener('peer:disconnect', evt => {
      if (this.relayIds.has(evt.detail.toString())) this.scheduleRelayDial()
    })
    this.node.services.hello.addEventListener('hello:rejected', evt => {
      this.refused.add(evt.detail.peerId)
      if (this.refused.size > MAX_REFUSED_PEERS) this.refused.delete(this.refused.values().next().value as string)
    })
    void this.dialRelays()
  }

  stop (): void {
    this.controller.abort()
    for (const t of this.timers) clearTimeout(t)
  }

  isRelay (peerId: string): boolean {
    return this.relayIds.has(peerId)
  }

  hasDirect (peerId: string): boolean {
    return this.node.getConnections(peerIdFromString(peerId)).some(c => transportOf(c) === 'webrtc')
  }

  private async dialRelays (): Promise<void> {
    for (const relay of this.relays) {
      try {
        await this.node.dial(relay, { signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)]) })
        this.relayBackoff = 500
        return
      } catch {
        // try the next relay
      }
    }
    this.scheduleRelayDial()
  }

  private scheduleRelayDial (): void {
    if (this.controller.signal.aborted) return
    const delay = this.relayBackoff
    this.relayBackoff = Math.min(this.relayBackoff * 2, RELAY_REDIAL_MAX_MS)
    this.later(delay, () => { void this.dialRelays() })
  }

  private later (ms: number, fn: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); fn() }, ms)
    this.timers.add(t)
  }

  private onDiscovery (info: PeerInfo): void {
    const id = info.id.toString()
    if (id === this.node.peerId.toString() || this.relayIds.has(id) || this.refused.has(id)) return
    if (this.hasDirect(id) || this.inFlight.has(id)) return
    const addr = info.multiaddrs.find(ma => ma.toString().includes('/p2p-circuit/webrtc'))
    if (addr == null) return
    const target = addr.toString().includes(`/p2p/${id}`) ? addr : addr.encapsulate(`/p2p/${id}`)
    if (this.node.peerId.toString() < id) {
      void this.dialDirect(target)
    } else {
      // the other side dials first; step in only if it has not after the grace period
      this.later(GRACE_BEFORE_LARGER_DIALS_MS, () => {
        if (!this.hasDirect(id) && !this.inFlight.has(id)) void this.dialDirect(target)
      })
    }
  }

  /**
   * Opens a new direct WebRTC connection to `target` (a /p2p-circuit/webrtc
   * address), retrying with exponential backoff. `force` opens a fresh one even
   * when a connection exists (used to measure dial reliability).
   */
  async dialDirect (target: Multiaddr, options: { force?: boolean } = {}): Promise<DialResult> {
    const id = target.getComponents().findLast(c => c.name === 'p2p')?.value ?? ''
    this.inFlight.add(id)
    this.stats.dials++
    const started = performance.now()
    await this.acquire()
    let lastError = ''
    try {
      for (let attempt = 1; attempt <= DIAL_ATTEMPTS; attempt++) {
        if (attempt > 1) {
          this.stats.retries++
          await sleep(DIAL_BACKOFF_MS * 2 ** (attempt - 2) * (0.75 + Math.random() * 0.5), this.controller.signal)
        }
        try {
          const connection: Connection = await this.node.dial(target, {
            signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)]),
            force: options.force
          })
          if (transportOf(connection) !== 'webrtc') throw new Error(`got a ${transportOf(connection)} connection`)
          this.stats.succeeded++
          return { ok: true, attempts: attempt, ms: performance.now() - started, connection }
        } catch (err) {
          lastError = (err as Error).message
          if (this.controller.signal.aborted) break
        }
      }
      this.stats.failed++
      return { ok: false, attempts: DIAL_ATTEMPTS, ms: performance.now() - started, error: lastError }
    } finally {
      this.release()
      this.inFlight.delete(id)
    }
  }

  private async acquire (): Promise<void> {
    if (this.active < MAX_CONCURRENT_DIALS) {
      this.active++
      return
    }
    await new Promise<void>(resolve => { this.waiting.push(resolve) })
    this.active++
  }

  private release (): void {
    this.active--
    this.waiting.shift()?.()
  }
}

async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>(resolve => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => { clearTimeout(t); resolve() }, { once: true })
  })
}
