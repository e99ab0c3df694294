/**
 * The signed hello: on each new direct connection both peers send one, naming
 * themselves, the peer they greet, a timestamp and their capabilities, signed
 * with their Ed25519 node key. The receiver verifies it against the key inlined
 * in the sender's peer id, so a peer cannot claim another's identity or
 * capabilities, and a captured hello is useless to anyone but its recipient.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import type { PrivateKey } from '@libp2p/interface'
import { InvalidParametersError, MessageTooLargeError } from '../errors.ts'
import { BadSignatureError, InvalidHelloError, PeerMismatchError, StaleMessageError } from './errors.ts'
import { HELLO_SIGNING_CONTEXT } from './ids.ts'
import { HELLO_NONCE_BYTES, MAX_CLOCK_SKEW_MS, MAX_HELLO_BYTES, MAX_HELLO_FIELD_CHARS } from './limits.ts'
import { Hello, SignedHello } from './messages.ts'
import type { Capabilities } from './messages.ts'

export type { Capabilities, Hello, WebGpuInfo } from './messages.ts'

const CONTEXT = uint8ArrayFromString(HELLO_SIGNING_CONTEXT)

export interface SignHelloInit {
  /** Peer id (string) of the peer being greeted */
  to: string
  capabilities: Capabilities
  /** Software version of the sender */
  version: string
  /** @default Date.now() */
  nowMs?: number
  /** @default 16 random bytes */
  nonce?: Uint8Array<ArrayBuffer>
}

export interface VerifyHelloOptions {
  /** Peer id the connection says the sender is */
  from: string
  /** Our own peer id */
  to: string
  /** @default Date.now() */
  nowMs?: number
}

function signingBytes (hello: Uint8Array): Uint8Array {
  return uint8ArrayConcat([CONTEXT, hello])
}

/** Builds and signs a hello from `privateKey`'s peer; returns the SignedHello frame. */
export async function signHello (privateKey: PrivateKey, from: string, init: SignHelloInit): Promise<Uint8Array> {
  const nonce = init.nonce ?? crypto.getRandomValues(new Uint8Array(HELLO_NONCE_BYTES))
  if (nonce.byteLength !== HELLO_NONCE_BYTES) {
    throw new InvalidParametersError(`nonce must be ${HELLO_NONCE_BYTES} bytes`)
  }
  const hello = Hello.encode({
    from,
    to: init.to,
    timestampMs: BigInt(Math.floor(init.nowMs ?? Date.now())),
    nonce,
    version: clip(init.version),
    capabilities: clipCapabilities(init.capabilities)
  })
  const signature = await privateKey.sign(signingBytes(hello))
  const frame = SignedHello.encode({ hello, signature: signature as Uint8Array<ArrayBuffer> })
  if (frame.byteLength > MAX_HELLO_BYTES) {
    throw new MessageTooLargeError(`hello is ${frame.byteLength} bytes, limit ${MAX_HELLO_BYTES}`)
  }
  return frame
}

/**
 * Decodes and verifies a SignedHello frame received from `options.from`.
 * Throws a typed error (by `name`) for every way it can be wrong.
 */
export async function verifyHello (frame: Uint8Array, options: VerifyHelloOptions): Promise<Hello> {
  if (frame.byteLength > MAX_HELLO_BYTES) {
    throw new MessageTooLargeError(`hello is ${frame.byteLength} bytes, limit ${MAX_HELLO_BYTES}`)
  }
  let signed: SignedHello
  let hello: Hello
  try {
    signed = SignedHello.decode(frame)
    hello = Hello.decode(signed.hello)
  } catch (err) {
    throw new InvalidHelloError(`undecodable hello: ${(err as Error).message}`)
  }
  if (hello.capabilities == null || hello.nonce.byteLength !== HELLO_NONCE_BYTES || signed.signature.byteLength !== 64) {
    throw new InvalidHelloError('hello lacks capabilities, nonce or signature')
  }
  if (hello.from !== options.from) {
    throw new PeerMismatchError(`hello claims to be from ${hello.from.slice(0, 64)}, connection is ${options.from}`)
  }
  if (hello.to !== options.to) {
    throw new PeerMismatchError('hello is addressed to another peer')
  }
  const nowMs = options.nowMs ?? Date.now()
  if (Math.abs(Number(hello.timestampMs) - nowMs) > MAX_CLOCK_SKEW_MS) {
    throw new StaleMessageError(`hello timestamp is ${Math.round((nowMs - Number(hello.timestampMs)) / 1000)} s off`)
  }
  let publicKey
  try {
    const peerId = peerIdFromString(hello.from)
    if (peerId.type !== 'Ed25519') throw new Error(`key type ${peerId.type}`)
    publicKey = peerId.publicKey
  } catch (err) {
    throw new InvalidHelloError(`sender is not an Ed25519 peer id: ${(err as Error).message}`)
  }
  const ok = await publicKey.verify(signingBytes(signed.hello), signed.signature)
  if (!ok) {
    throw new BadSignatureError(`hello from ${hello.from} has a bad signature`)
  }
  return hello
}

function clip (s: string): string {
  return s.length > MAX_HELLO_FIELD_CHARS ? s.slice(0, MAX_HELLO_FIELD_CHARS) : s
}

function clipCapabilities (c: Capabilities): Capabilities {
  return {
    hardwareConcurrency: Math.max(0, Math.min(4096, Math.floor(c.hardwareConcurrency))),
    deviceMemoryGib: Number.isFinite(c.deviceMemoryGib) ? c.deviceMemoryGib : 0,
    userAgent: clip(c.userAgent),
    webgpu: c.webgpu == null
      ? undefined
      : {
          vendor: clip(c.webgpu.vendor),
          architecture: clip(c.webgpu.architecture),
          device: clip(c.webgpu.device),
          description: clip(c.webgpu.description),
          isFallbackAdapter: c.webgpu.isFallbackAdapter
        }
  }
}
