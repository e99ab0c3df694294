import { describe, it, expect } from 'vitest'
import { transportOf } from './transport.ts'

const RELAY = '/ip4/127.0.0.1/tcp/8081/ws/p2p/12D3KooWRelay'

describe('transportOf', () => {
  it('names a direct WebRTC connection even when its address is the dialled circuit', () => {
    expect(transportOf({ remoteAddr: `${RELAY}/p2p-circuit/webrtc/p2p/12D3KooWPeer`, multiplexer: '/webrtc' })).toBe('webrtc')
    expect(transportOf({ remoteAddr: '/webrtc/p2p/12D3KooWPeer' })).toBe('webrtc')
  })
  it('names a limited circuit connection relayed', () => {
    expect(transportOf({ remoteAddr: `${RELAY}/p2p-circuit/p2p/12D3KooWPeer`, limits: { bytes: 1n } })).toBe('relayed')
    expect(transportOf({ remoteAddr: `${RELAY}/p2p-circuit/webrtc/p2p/12D3KooWPeer`, limits: { seconds: 60 } })).toBe('relayed')
  })
  it('names websockets and tcp', () => {
    expect(transportOf({ remoteAddr: RELAY })).toBe('websockets')
    expect(transportOf({ remoteAddr: '/ip4/1.2.3.4/tcp/4001' })).toBe('tcp')
  })
})
