/** How a connection reaches its peer, as the dashboard and /api/status name it. */
export type TransportName = 'webrtc' | 'relayed' | 'websockets' | 'tcp' | 'other'

export interface ConnectionLike {
  remoteAddr: { toString(): string }
  /** Set on limited (relayed) connections */
  limits?: unknown
  /** The stream multiplexer protocol, '/webrtc' on direct WebRTC connections */
  multiplexer?: string
}

/**
 * Names the transport of a connection. A dialer's WebRTC connection still shows
 * the `/p2p-circuit/webrtc` address it dialled, so a circuit address only means
 * "relayed" while the connection carries relay limits.
 */
export function transportOf (connection: ConnectionLike): TransportName {
  const addr = connection.remoteAddr.toString()
  if (connection.limits == null && (addr.includes('/webrtc') || connection.multiplexer === '/webrtc')) return 'webrtc'
  if (addr.includes('/p2p-circuit')) return 'relayed'
  if (addr.includes('/ws') || addr.includes('/wss') || addr.includes('/tls/ws')) return 'websockets'
  if (addr.includes('/tcp/')) return 'tcp'
  return 'other'
}
