/** GET /api/status and GET /api/bootstrap: what the relay is and how to reach it. */
import type { Libp2p } from 'libp2p'
import { transportOf } from '#shared/protocol/transport.ts'
import type { TransportName } from '#shared/protocol/transport.ts'

export interface RelayStatus {
  peerId: string
  multiaddrs: string[]
  connections: number
  peers: Array<{ peerId: string, transport: TransportName }>
  uptimeS: number
  version: string
}

export function relayStatus (node: Libp2p, startedAt: number, version: string): RelayStatus {
  const connections = node.getConnections()
  const seen = new Map<string, TransportName>()
  for (const c of connections) {
    const id = c.remotePeer.toString()
    const t = transportOf(c)
    // a peer with a direct connection beside a relayed one is reached directly
    if (!seen.has(id) || seen.get(id) === 'relayed') seen.set(id, t)
  }
  return {
    peerId: node.peerId.toString(),
    multiaddrs: node.getMultiaddrs().map(ma => ma.toString()),
    connections: connections.length,
    peers: [...seen].map(([peerId, transport]) => ({ peerId, transport })),
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    version
  }
}

export interface BootstrapInfo {
  peerId: string
  /** Addresses a browser can dial: WebSocket multiaddrs ending in /p2p/<relay> */
  multiaddrs: string[]
}

export function bootstrapInfo (node: Libp2p): BootstrapInfo {
  return {
    peerId: node.peerId.toString(),
    multiaddrs: node.getMultiaddrs().map(ma => ma.toString()).filter(s => /\/wss?(\/|$)/.test(s) && !s.includes('/p2p-circuit'))
  }
}
