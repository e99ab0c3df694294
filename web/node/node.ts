/**
 * The browser's libp2p node: WebSockets to the relay, a circuit-relay
 * reservation so other browsers can reach us, WebRTC for direct browser⇄browser
 * connections, gossipsub + pubsub peer discovery through the relay, and the
 * signed hello on every direct connection.
 */
import { createLibp2p } from 'libp2p'
import type { Libp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { webRTC } from '@libp2p/webrtc'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import type { Ping } from '@libp2p/ping'
import { gossipsub } from '@libp2p/gossipsub'
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery'
import type { PubSubPeerDiscovery } from '@libp2p/pubsub-peer-discovery'
import type { PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { TOPIC_DISCOVERY } from '#shared/protocol/ids.ts'
import { helloService } from '#shared/protocol/hello-service.ts'
import type { HelloService } from '#shared/protocol/hello-service.ts'
import { browserCapabilities } from './capabilities.ts'

export const APP_VERSION = '0.1.0'

/** How often this node re-announces its circuit addresses. */
export const DISCOVERY_INTERVAL_MS = 5_000

export interface BrowserNodeInit {
  privateKey: PrivateKey
  /** Relay multiaddrs (…/ws/p2p/<relay>) from /api/bootstrap */
  relays: string[]
  /** ICE servers; none are needed on loopback or a LAN. @default [] */
  iceServers?: RTCIceServer[]
}

export type BrowserNode = Libp2p<{ ping: Ping, hello: HelloService, pubsub: ReturnType<ReturnType<typeof gossipsub>>, identify: unknown }> & {
  /** Broadcasts our addresses on the discovery topic now */
  announce(): void
}

export async function createBrowserNode (init: BrowserNodeInit): Promise<BrowserNode> {
  const relayPrefixes = init.relays.map(r => r.replace(/\/p2p\/[^/]+$/, ''))
  // the default browser gater refuses ws:// and private addresses; allow the
  // configured relays (and circuits through them) and nothing else of that kind
  const allowed = (ma: Multiaddr): boolean => {
    const s = ma.toString()
    return relayPrefixes.some(prefix => s.startsWith(prefix)) || s.startsWith('/webrtc') || s.includes('/certhash/')
  }
  let discovery: PubSubPeerDiscovery | undefined
  const node = await createLibp2p({
    privateKey: init.privateKey,
    addresses: { listen: ['/p2p-circuit', '/webrtc'] },
    transports: [
      webSockets(),
      webRTC({ rtcConfiguration: { iceServers: init.iceServers ?? [] } }),
      circuitRelayTransport({ reservationCompletionTimeout: 20_000 })
    ],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: {
      denyDialMultiaddr: async (ma) => !allowed(ma)
    },
    connectionManager: { maxConnections: 256 },
    peerDiscovery: [(components) => {
      // keep the instance so the node can announce itself the moment its
      // relay reservation exists (see runtime.ts), not at the next interval
      const instance = pubsubPeerDiscovery({ interval: DISCOVERY_INTERVAL_MS, topics: [TOPIC_DISCOVERY] })(components)
      discovery = instance as PubSubPeerDiscovery
      return instance
    }],
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({ allowPublishToZeroTopicPeers: true }),
      hello: helloService({ capabilities: browserCapabilities, version: APP_VERSION })
    }
  })
  return Object.assign(node, { announce: () => { discovery?._broadcast() } }) as unknown as BrowserNode
}
