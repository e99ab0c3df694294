import { describe, it, expect } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { signHello, verifyHello } from './hello.ts'
import { SignedHello, Hello } from './messages.ts'
import { MAX_HELLO_BYTES, MAX_CLOCK_SKEW_MS } from './limits.ts'

const caps = { hardwareConcurrency: 8, deviceMemoryGib: 8, userAgent: 'test', webgpu: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader', isFallbackAdapter: true } }

async function identity () {
  const privateKey = await generateKeyPair('Ed25519')
  return { privateKey, id: peerIdFromPrivateKey(privateKey).toString() }
}

async function rejection (p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    return (err as Error).name
  }
  return 'resolved'
}

describe('signed hello', () => {
  it('verifies a hello from its sender to its recipient and returns the capabilities', async () => {
    const a = await identity()
    const b = await identity()
    const frame = await signHello(a.privateKey, a.id, { to: b.id, capabilities: caps, version: '0.1.0' })
    const hello = await verifyHello(frame, { from: a.id, to: b.id })
    expect(hello.from).toBe(a.id)
    expect(hello.capabilities?.webgpu?.architecture).toBe('swiftshader')
    expect(hello.capabilities?.hardwareConcurrency).toBe(8)
  })

  it('keeps "no WebGPU" distinct from an empty adapter', async () => {
    const a = await identity()
    const b = await identity()
    const frame = await signHello(a.privateKey, a.id, { to: b.id, capabilities: { ...caps, webgpu: undefined }, version: '0.1.0' })
    const hello = await verifyHello(frame, { from: a.id, to: b.id })
    expect(hello.capabilities?.webgpu).toBeUndefined()
  })

  it('rejects a hello signed by another key', async () => {
    const a = await identity()
    const b = await identity()
    const mallory = await identity()
    const frame = await signHello(mallory.privateKey, a.id, { to: b.id, capabilities: caps, version: '0.1.0' })
    expect(await rejection(verifyHello(frame, { from: a.id, to: b.id }))).toBe('BadSignatureError')
  })

  it('rejects a hello whose signed bytes were altered', async () => {
    const a = await identity()
    const b = await identity()
    const frame = await signHello(a.privateKey, a.id, { to: b.id, capabilities: caps, version: '0.1.0' })
    const signed = SignedHello.decode(frame)
    const hello = Hello.decode(signed.hello)
    hello.capabilities!.hardwareConcurrency = 128
    const forged = SignedHello.encode({ hello: Hello.encode(hello), signature: signed.signature })
    expect(await rejection(verifyHello(forged, { from: a.id, to: b.id }))).toBe('BadSignatureError')
  })

  it('rejects a hello replayed to another peer or from another connection', async () => {
    const a = await identity()
    const b = await identity()
    const c = await identity()
    const frame = await signHello(a.privateKey, a.id, { to: b.id, capabilities: caps, version: '0.1.0' })
    expect(await rejection(verifyHello(frame, { from: a.id, to: c.id }))).toBe('PeerMismatchError')
    expect(await rejection(verifyHello(frame, { from: c.id, to: b.id }))).toBe('PeerMismatchError')
  })

  it('rejects a stale hello', async () => {
    const a = await identity()
    const b = await identity()
    const frame = await signHello(a.privateKey, a.id, { to: b.id, capabilities: caps, version: '0.1.0', nowMs: Date.now() - MAX_CLOCK_SKEW_MS - 1000 })
    expect(await rejection(verifyHello(frame, { from: a.id, to: b.id }))).toBe('StaleMessageError')
  })

  it('rejects garbage and oversized frames without throwing anything else', async () => {
    const a = await identity()
    const b = await identity()
    expect(await rejection(verifyHello(new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]), { from: a.id, to: b.id }))).toBe('InvalidHelloError')
    expect(await rejection(verifyHello(new Uint8Array(0), { from: a.id, to: b.id }))).toBe('InvalidHelloError')
    expect(await rejection(verifyHello(new Uint8Array(MAX_HELLO_BYTES + 1), { from: a.id, to: b.id }))).toBe('MessageTooLargeError')
  })

  it('clips oversized text fields so an honest hello always fits the limit', async () => {
    const a = await identity()
    const b = await identity()
    const frame = await signHello(a.privateKey, a.id, { to: b.id, capabilities: { ...caps, userAgent: 'x'.repeat(10_000) }, version: '0.1.0' })
    expect(frame.byteLength).toBeLessThanOrEqual(MAX_HELLO_BYTES)
    const hello = await verifyHello(frame, { from: a.id, to: b.id })
    expect(hello.capabilities?.userAgent.length).toBe(256)
  })
})
