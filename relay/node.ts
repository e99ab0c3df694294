/**
 * The relay's libp2p node: WebSocket listener, circuit-relay-v2 server sized for
 * many browsers, identify, ping, kad-dht in server mode, gossipsub with pubsub
 * peer discovery (so browsers learn each other's circuit addresses), metrics
 * for Prometheus, and a LevelDB datastore holding the key and peer store.
 */
import { createLibp2p } from 'libp2p'
import type { Libp2p, Libp2pOptions } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { circuitRelayServer } from '@libp2p/circuit-relay-v2'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { gossipsub } from '@libp2p/gossipsub'
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery'
import { bootstrap } from '@libp2p/bootstrap'
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import type { PrivateKey } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'
import type { Registry } from 'prom-client'
import { TOPIC_DISCOVERY } from '#shared/protocol/ids.ts'
import { PROTOCOL_KAD } from './constants.ts'
import type { RelayConfig } from './config.ts'

/** How long a browser's reservation lasts before it must refresh it. */
const RESERVATION_TTL_MS = 2 * 60 * 60 * 1000
/** Per relayed connection: enough for WebRTC signalling, then the direct path takes over. */
const RELAYED_DURATION_LIMIT_MS = 2 * 60 * 1000
const RELAYED_DATA_LIMIT_BYTES = 1n << 20n
/** How often a node re-announces its addresses on the discovery topic. */
export const DISCOVERY_INTERVAL_MS = 10_000

export async function createRelayNode (config: RelayConfig, datastore: Datastore, registry: Registry, privateKey: PrivateKey): Promise<Libp2p> {
  const loopbackOrPrivate = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|localhost$|::1$)/.test(config.host)
  const peerDiscovery: NonNullable<Libp2pOptions['peerDiscovery']> = [
    pubsubPeerDiscovery({ interval: DISCOVERY_INTERVAL_MS, topics: [TOPIC_DISCOVERY] })
  ]
  if (config.bootstrap.length > 0) {
    peerDiscovery.push(bootstrap({ list: config.bootstrap }))
  }
  const listenHost = config.host === 'localhost' ? '127.0.0.1' : config.host
  const family = listenHost.includes(':') ? 'ip6' : 'ip4'

  return createLibp2p({
    privateKey,
    datastore,
    addresses: {
      listen: [`/${family}/${listenHost}/tcp/${config.p2pPort}/ws`],
      announce: config.announce
    },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      maxConnections: config.maxConnections
    },
    peerDiscovery,
    metrics: prometheusMetrics({ registry, collectDefaultMetrics: true }),
    services: {
      identify: identify(),
      ping: ping(),
      relay: circuitRelayServer({
        reservations: {
          maxReservations: config.maxReservations,
          reservationTtl: RESERVATION_TTL_MS,
          defaultDurationLimit: RELAYED_DURATION_LIMIT_MS,
          defaultDataLimit: RELAYED_DATA_LIMIT_BYTES
        },
        maxInboundHopStreams: Math.max(64, config.maxReservations)
      }),
      dht: kadDHT({
        protocol: PROTOCOL_KAD,
        clientMode: false,
        peerInfoMapper: loopbackOrPrivate ? passthroughMapper : removePrivateAddressesMapper
      }),
      pubsub: gossipsub({
        allowPublishToZeroTopicPeers: true,
        canRelayMessage: true,
        // many browsers share one address (a NAT, a campus, loopback): gossipsub's
        // default IP-colocation penalty (beyond 10 peers per IP, remembered for an
        // hour) would graylist them and silently stop discovery and announces
        scoreParams: { IPColocationFactorWeight: 0 }
      })
    }
  })
}
