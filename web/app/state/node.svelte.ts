/**
 * Reactive view of the browser node for the Svelte UI. The node's events
 * (connections, hellos) and a slow poll (RTT, reservation) update it; nothing
 * else in the UI touches libp2p.
 */
import type { PeerId } from '@libp2p/interface'
import { transportOf } from '#shared/protocol/transport.ts'
import type { TransportName } from '#shared/protocol/transport.ts'
import type { Runtime } from '../../node/runtime.ts'
import type { DialStats } from '../../node/dialer.ts'
import type { Snapshot } from '../../storage/last-state.ts'

export type RelayState = 'starting' | 'connecting' | 'connected' | 'offline'

/** One round as the dashboard charts it */
export interface RoundView {
  round: number
  accuracy: number
  loss: number
  bytesUp: number
  bytesDown: number
  localLoss?: number
}

export interface PeerView {
  peerId: string
  transport: TransportName
  hello: 'verified' | 'pending'
  rttMs?: number
  webgpu?: string
}

const POLL_MS = 2_000
const MAX_PEERS_SHOWN = 200
const HISTORY_POINTS = 300

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
  /** Shown before the node runs (offline start): the last state, marked stale */
  stale = $state<Snapshot | null>(null)
  /** Bytes by vAIn protocols in the last hour */
  bytes = $state({ sent: 0, received: 0 })
  /** Peer count and median RTT samples for the live graph (bounded) */
  history = $state<{ t: number[], peers: number[], rtt: Array<number | null> }>({ t: [], peers: [], rtt: [] })

  /** This device's WebGPU adapter, as announced in the hello */
  adapter = $state('checking…')

  private readonly rtt = new Map<string, number>()
  private readonly peerIds = new Map<string, PeerId>()
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
    void import('../../node/capabilities.ts').then(({ webGpuInfo }) => webGpuInfo()).then(gpu => {
      this.adapter = gpu == null
        ? 'no WebGPU adapter (training falls back to WASM or CPU)'
        : `WebGPU: ${[gpu.vendor, gpu.architecture, gpu.description].filter(s => s !== '').join(' ')}${gpu.isFallbackAdapter || gpu.architecture === 'swiftshader' ? ' (software adapter)' : ''}`
    })
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
      this.peerIds.set(id, c.remotePeer)
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
    this.relay = relayConnected ? 'connected' : this.everConnected || rt.bootstrapSource === 'cache' ? 'offline' : 'connecting'
    this.reservation = node.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit'))
    this.peers = [...byPeer.values()].sort((a, b) => a.peerId.localeCompare(b.peerId)).slice(0, MAX_PEERS_SHOWN)
    this.dial = { ...dialer.stats }
    this.bytes = rt.meter.usage(Date.now())
    if (this.relay === 'connected') this.stale = null
    for (const id of this.peerIds.keys()) if (!byPeer.has(id)) this.peerIds.delete(id)
  }

  /** Shows the last known state until the node is up. */
  showSnapshot (s: Snapshot): void {
    this.stale = s
    this.peerId ||= s.peerId
  }

  snapshot (): Snapshot {
    return { savedAt: Date.now(), peerId: this.peerId, peers: this.peers.map(p => ({ peerId: p.peerId, transport: p.transport })) }
  }

  private sample (): void {
    const rtts = this.peers.map(p => p.rttMs).filter((x): x is number => x != null).sort((a, b) => a - b)
    const h = this.history
    const keep = HISTORY_POINTS - 1
    this.history = {
      t: [...h.t.slice(-keep), Date.now() / 1000],
      peers: [...h.peers.slice(-keep), this.peers.length],
      rtt: [...h.rtt.slice(-keep), rtts.length > 0 ? rtts[Math.floor(rtts.length / 2)] : null]
    }
  }

  private async measure (): Promise<void> {
    const rt = this.runtime
    if (rt == null) return
    await Promise.all(this.peers.filter(p => p.transport === 'webrtc').map(async p => {
      try {
        const peer = this.peerIds.get(p.peerId)
        if (peer == null) return
        this.rtt.set(p.peerId, await rt.node.services.ping.ping(peer, { signal: AbortSignal.timeout(POLL_MS) }))
      } catch {
        this.rtt.delete(p.peerId)
      }
    }))
    this.refresh()
    this.sample()
  }
}
