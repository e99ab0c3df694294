/**
 * Reactive view of the browser node for the Svelte UI. The node's events
 * (connections, hellos) and a slow poll (RTT, reservation) update it; nothing
 * else in the UI touches libp2p.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { transportOf } from '#shared/protocol/transport.ts'
import type { TransportName } from '#shared/protocol/transport.ts'
import type { Runtime } from '../../node/runtime.ts'
import type { DialStats } from '../../node/dialer.ts'

export type RelayState = 'starting' | 'connecting' | 'connected' | 'offline'

export interface PeerView {
  peerId: string
  transport: TransportName
  hello: 'verified' | 'pending'
  rttMs?: number
  webgpu?: string
}

const POLL_MS = 2_000
const MAX_PEERS_SHOWN = 200

export class NodeState {
  peerId = $state('')
  relay = $state<RelayState>('starting')
  reservation = $state(false)
  peers = $state<PeerView[]>([])
  helloRejected = $state(0)
  lastRejection = $state('')
  dial = $state<DialStats>({ dials: 0, succeeded: 0, failed: 0, retries: 0 })
  error = $state<string | null>(null)

  private runtime?: Runtime
  private readonly rtt = new Map<string, number>()
  private timer?: ReturnType<typeof setInterval>
  private everConnected = false

  attach (runtime: Runtime): void {
    this.runtime = runtime
    const { node } = runtime
    this.peerId = node.peerId.toString()
    const update = (): void => { this.refresh() }
    node.addEventListener('connection:open', update)
    node.addEventListener('connection:close', update)
    node.addEventListener('self:peer:update', update)
    node.services.hello.addEventListener('hello:verified', update)
    node.services.hello.addEventListener('hello:rejected', evt => {
      this.helloRejected++
      this.lastRejection = `${evt.detail.reason} from ${evt.detail.peerId.slice(-8)}`
      update()
    })
    this.timer = setInterval(() => { void this.measure() }, POLL_MS)
    this.relay = 'connecting'
    this.refresh()
  }

  detach (): void {
    clearInterval(this.timer)
  }

  get relayText (): string {
    switch (this.relay) {
      case 'starting': return 'starting…'
      case 'connecting': return 'connecting…'
      case 'offline': return 'offline — reconnecting'
      case 'connected': return this.reservation ? 'connected · relay reservation active' : 'connected · reserving a relay slot…'
    }
  }

  refresh (): void {
    const rt = this.runtime
    if (rt == null) return
    const { node, dialer } = rt
    const byPeer = new Map<string, PeerView>()
    let relayConnected = false
    for (const c of node.getConnections()) {
      const id = c.remotePeer.toString()
      if (dialer.isRelay(id)) {
        relayConnected = true
        continue
      }
      const transport = transportOf(c)
      if (transport !== 'webrtc' && transport !== 'relayed') continue
      const prev = byPeer.get(id)
      if (prev != null && prev.transport === 'webrtc') continue
      const hello = node.services.hello.verified.get(id)
      const gpu = hello?.capabilities?.webgpu
      byPeer.set(id, {
        peerId: id,
        transport,
        hello: hello != null ? 'verified' : 'pending',
        rttMs: this.rtt.get(id),
        webgpu: gpu == null ? 'no WebGPU' : `${gpu.vendor} ${gpu.architecture}`.trim()
      })
    }
    if (relayConnected) this.everConnected = true
    this.relay = relayConnected ? 'connected' : this.everConnected ? 'offline' : 'connecting'
    this.reservation = node.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit'))
    this.peers = [...byPeer.values()].sort((a, b) => a.peerId.localeCompare(b.peerId)).slice(0, MAX_PEERS_SHOWN)
    this.dial = { ...dialer.stats }
  }

  private async measure (): Promise<void> {
    const rt = this.runtime
    if (rt == null) return
    await Promise.all(this.peers.filter(p => p.transport === 'webrtc').map(async p => {
      try {
        this.rtt.set(p.peerId, await rt.node.services.ping.ping(peerIdFromString(p.peerId), { signal: AbortSignal.timeout(POLL_MS) }))
      } catch {
        this.rtt.delete(p.peerId)
      }
    }))
    this.refresh()
  }
}
