/**
 * Test and operator probes, loaded only with `?debug`: misbehave on purpose
 * (forged or garbage hellos) and measure dial reliability. They use the real
 * node and real connections; nothing here is reachable without the flag.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import type { Connection } from '@libp2p/interface'
import { PROTOCOL_HELLO } from '#shared/protocol/ids.ts'
import { signHello } from '#shared/protocol/hello.ts'
import { browserCapabilities } from './capabilities.ts'
import type { Runtime } from './runtime.ts'
import type { DialResult } from './dialer.ts'

export interface AttackResult {
  /** what happened to our stream: the peer closed or reset it, or it stayed open */
  outcome: 'closed' | 'open'
  error?: string
}

/** Bench protocol: the receiver counts the bytes and answers with the count (8 bytes) when the sender closes. */
export const PROTOCOL_BENCH_SINK = '/vain/bench/sink/1.0.0'

export async function installDebug (rt: Runtime): Promise<void> {
  const { node, dialer } = rt

  await node.handle(PROTOCOL_BENCH_SINK, async (stream) => {
    let total = 0
    for await (const chunk of stream) total += chunk.byteLength
    const reply = new Uint8Array(8)
    new DataView(reply.buffer).setBigUint64(0, BigInt(total))
    stream.send(reply)
    await stream.close()
  }, { maxInboundStreams: 4 })

  async function webrtcAddress (peerId: string): Promise<string> {
    const peer = await node.peerStore.get(peerIdFromString(peerId))
    const addr = peer.addresses.map(a => a.multiaddr.toString()).find(a => a.includes('/p2p-circuit/webrtc'))
    if (addr == null) throw new Error(`no /p2p-circuit/webrtc address known for ${peerId}`)
    return addr.includes(`/p2p/${peerId}`) ? addr : `${addr}/p2p/${peerId}`
  }

  /** A fresh direct connection (an earlier one may have been cut by the peer without us noticing yet). */
  async function direct (peerId: string): Promise<Connection> {
    const res = await dialer.dialDirect(multiaddr(await webrtcAddress(peerId)), { force: true })
    if (!res.ok || res.connection == null) throw new Error(`cannot reach ${peerId} directly: ${res.error}`)
    return res.connection
  }

  async function sendOnHello (peerId: string, bytes: Uint8Array): Promise<AttackResult> {
    const connection = await direct(peerId)
    const stream = await connection.newStream(PROTOCOL_HELLO, { signal: AbortSignal.timeout(10_000) })
    stream.send(bytes)
    const signal = AbortSignal.timeout(8_000)
    try {
      for await (const _ of stream) {
        if (signal.aborted) return { outcome: 'open' }
      }
      return { outcome: 'closed' }
    } catch (err) {
      return { outcome: 'closed', error: (err as Error).name }
    }
  }

  const debug = {
    webrtcAddress,
    /** A hello claiming to be us but signed by another key. */
    async forgedHello (peerId: string): Promise<AttackResult> {
      const mallory = await generateKeyPair('Ed25519')
      const frame = await signHello(mallory, node.peerId.toString(), { to: peerId, capabilities: await browserCapabilities(), version: 'forged' })
      return sendOnHello(peerId, lengthPrefixed(frame))
    },
    /** Bytes that are not a hello at all. */
    async garbageHello (peerId: string): Promise<AttackResult> {
      return sendOnHello(peerId, lengthPrefixed(crypto.getRandomValues(new Uint8Array(200))))
    },
    /** A length prefix announcing 64 MiB. */
    async oversizedHello (peerId: string): Promise<AttackResult> {
      return sendOnHello(peerId, Uint8Array.from([...varint(64 * 1024 * 1024), 1, 2, 3]))
    },
    /** Sends `bytes` over a libp2p stream on the direct connection; resolves when the peer acknowledged them all. */
    async throughput (peerId: string, bytes: number, chunk = 64 * 1024): Promise<{ ms: number, bytes: number }> {
      const connection = node.getConnections(peerIdFromString(peerId)).find(c => c.limits == null && c.status === 'open' && c.remoteAddr.toString().includes('/webrtc'))
      if (connection == null) throw new Error('no direct connection')
      const stream = await connection.newStream(PROTOCOL_BENCH_SINK)
      const data = new Uint8Array(chunk)
      const started = performance.now()
      for (let sent = 0; sent < bytes; sent += chunk) {
        if (!stream.send(data.subarray(0, Math.min(chunk, bytes - sent)))) await stream.onDrain()
      }
      await stream.close()
      let received = 0n
      for await (const c of stream) {
        const b = c.subarray()
        if (b.byteLength >= 8) received = new DataView(b.buffer, b.byteOffset).getBigUint64(0)
      }
      return { ms: performance.now() - started, bytes: Number(received) }
    },
    /** Round-trip times (ms) of `count` pings over the direct connection. */
    async rtt (peerId: string, count: number): Promise<number[]> {
      const out: number[] = []
      for (let i = 0; i < count; i++) out.push(await node.services.ping.ping(peerIdFromString(peerId)))
      return out
    },
    timings: rt.timings,
    /** `count` fresh direct dials to `peerId`, each closed after it succeeds. */
    async dialLoop (peerId: string, count: number): Promise<Array<Omit<DialResult, 'connection'>>> {
      const target = multiaddr(await webrtcAddress(peerId))
      const results = []
      for (let i = 0; i < count; i++) {
        const { connection, ...res } = await dialer.dialDirect(target, { force: true })
        results.push(res)
        await connection?.close().catch(() => {})
      }
      return results
    }
  }
  ;(window as unknown as { __vainDebug: typeof debug }).__vainDebug = debug
}

function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return out
}

function lengthPrefixed (bytes: Uint8Array): Uint8Array {
  return Uint8Array.from([...varint(bytes.byteLength), ...bytes])
}
