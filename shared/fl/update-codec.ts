/**
 * The update on the wire: an `UpdatePayload` (protobuf, shared/protocol/fl.proto) inside a
 * signed `Update` frame. The node's Ed25519 key signs "vain-update-v1:" followed by an
 * `UpdateSigningInput` naming the task, the round, the base model's CID, the sender and the
 * sha2-256 of the payload bytes, so an update cannot be moved to another task, round, base
 * model or sender, nor its payload swapped.
 *
 * Decoders check sizes before allocating: the frame against `maxBytes`, then the declared
 * dimension against the task's, the count against the max k, and the byte lengths against
 * the count; only then are `count`-sized arrays made.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { Update, UpdateEncoding, UpdatePayload, UpdateSigningInput } from '../protocol/fl.ts'
import { compressDelta } from './compression.ts'
import type { CompressedUpdate, CompressInit, CompressStats, UpdateEncodingName } from './compression.ts'
import { float16BitsFromBytes, float16BitsToBytes, fp16Table, isNonFiniteFloat16 } from './fp16.ts'
import { decodeIndices, encodeIndices } from './sparse.ts'
import {
  BadSignatureError, InvalidParametersError, MalformedUpdateError, MessageTooLargeError,
  NonFiniteUpdateError, SampleCountError, WrongShapeError
} from './update-errors.ts'

export { Update, UpdatePayload, UpdateEncoding } from '../protocol/fl.ts'

/** Domain separator of update signatures. */
export const UPDATE_SIGNING_CONTEXT = 'vain-update-v1:'
const CONTEXT = uint8ArrayFromString(UPDATE_SIGNING_CONTEXT)

/** Bytes of an update frame beyond its values and indices (ids, CID, signature, fields). */
export const UPDATE_FRAME_OVERHEAD_BYTES = 1024

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

const TO_WIRE: Record<UpdateEncodingName, UpdateEncoding> = {
  'sparse-fp16': UpdateEncoding.SPARSE_FP16,
  'dense-fp16': UpdateEncoding.DENSE_FP16,
  'dense-fp32': UpdateEncoding.DENSE_FP32
}
const FROM_WIRE: Record<string, UpdateEncodingName> = {
  [UpdateEncoding.SPARSE_FP16]: 'sparse-fp16',
  [UpdateEncoding.DENSE_FP16]: 'dense-fp16',
  [UpdateEncoding.DENSE_FP32]: 'dense-fp32'
}

/** Upper bound on an honest frame for `dimension` values, at most `maxK` of them sparse. */
export function maxUpdateBytes (dimension: number, maxK: number): number {
  const sparse = maxK * (2 + 5)
  const dense = dimension * 4
  return Math.max(sparse, dense) + UPDATE_FRAME_OVERHEAD_BYTES
}

/** A decoded, shape-checked payload. Values stay in their wire precision. */
export interface DecodedUpdate extends CompressedUpdate {
  /** number of values */
  count: number
  samples: number
  loss: number
}

export interface PayloadLimits {
  /** the task model's parameter count: any other dimension is refused */
  dimension: number
  /** most values a sparse payload may carry */
  maxK: number
  /** most samples one update may claim @default 2^31 */
  maxSamples?: number
}

/** Encodes a compressed update and its training metadata as `UpdatePayload` bytes. */
export function encodeUpdatePayload (update: CompressedUpdate, meta: { samples: number, loss?: number }): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(meta.samples) || meta.samples < 1 || meta.samples > 0xffffffff) throw new InvalidParametersError(`samples must be a positive u32, got ${meta.samples}`)
  let values: Uint8Array<ArrayBuffer>
  let count: number
  if (update.encoding === 'dense-fp32') {
    if (update.fp32 == null) throw new InvalidParametersError('dense-fp32 update without fp32 values')
    count = update.fp32.length
    values = new Uint8Array(count * 4)
    const view = new DataView(values.buffer)
    for (let i = 0; i < count; i++) view.setFloat32(i * 4, update.fp32[i], true)
  } else {
    if (update.fp16 == null) throw new InvalidParametersError(`${update.encoding} update without fp16 values`)
    count = update.fp16.length
    values = float16BitsToBytes(update.fp16)
  }
  if (update.encoding === 'sparse-fp16') {
    if (update.indices == null || update.indices.length !== count) throw new InvalidParametersError('sparse update needs one index per value')
  } else if (count !== update.dimension) {
    throw new InvalidParametersError(`dense update has ${count} values for dimension ${update.dimension}`)
  }
  return UpdatePayload.encode({
    encoding: TO_WIRE[update.encoding],
    dimension: update.dimension,
    count,
    indices: update.encoding === 'sparse-fp16' && update.indices != null ? encodeIndices(update.indices) : new Uint8Array(0),
    values,
    samples: meta.samples,
    loss: Number.isFinite(meta.loss) ? meta.loss : 0
  })
}

/**
 * Decodes and shape-checks `UpdatePayload` bytes against the task's limits. Throws
 * `MalformedUpdateError`, `WrongShapeError`, `NonFiniteUpdateError` or `SampleCountError`.
 */
export function decodeUpdatePayload (bytes: Uint8Array, limits: PayloadLimits): DecodedUpdate {
  let p: UpdatePayload
  try {
    p = UpdatePayload.decode(bytes)
  } catch (err) {
    throw new MalformedUpdateError(`undecodable payload: ${(err as Error).message}`)
  }
  const encoding = FROM_WIRE[p.encoding]
  if (encoding == null) throw new MalformedUpdateError(`unknown encoding ${String(p.encoding)}`)
  if (p.dimension !== limits.dimension) throw new WrongShapeError(`update has dimension ${p.dimension}, the model ${limits.dimension}`)
  const maxSamples = limits.maxSamples ?? 2 ** 31
  if (p.samples < 1 || p.samples > maxSamples) throw new SampleCountError(`update claims ${p.samples} samples, allowed 1..${maxSamples}`)
  const count = p.count
  let indices: Uint32Array | null = null
  let fp16: Uint16Array | null = null
  let fp32: Float32Array | null = null
  if (encoding === 'sparse-fp16') {
    if (count < 1 || count > limits.maxK || count > limits.dimension) throw new WrongShapeError(`sparse update has k = ${count}, allowed 1..${Math.min(limits.maxK, limits.dimension)}`)
    if (p.values.byteLength !== count * 2) throw new WrongShapeError(`${p.values.byteLength} value bytes for ${count} fp16 values`)
    indices = decodeIndices(p.indices, count, limits.dimension)
  } else {
    if (count !== limits.dimension) throw new WrongShapeError(`dense update has ${count} values for dimension ${limits.dimension}`)
    if (p.indices.byteLength !== 0) throw new WrongShapeError('dense update carries indices')
    const width = encoding === 'dense-fp32' ? 4 : 2
    if (p.values.byteLength !== count * width) throw new WrongShapeError(`${p.values.byteLength} value bytes for ${count} values of ${width} bytes`)
  }
  if (encoding === 'dense-fp32') {
    fp32 = new Float32Array(count)
    if (LITTLE_ENDIAN) {
      new Uint8Array(fp32.buffer).set(p.values)
    } else {
      const view = new DataView(p.values.buffer, p.values.byteOffset, p.values.byteLength)
      for (let i = 0; i < count; i++) fp32[i] = view.getFloat32(i * 4, true)
    }
    for (let i = 0; i < count; i++) {
      if (fp32[i] - fp32[i] !== 0) throw new NonFiniteUpdateError(`value ${i} is not finite`)
    }
  } else {
    fp16 = float16BitsFromBytes(p.values, new Uint16Array(count))
    for (let i = 0; i < count; i++) {
      if (isNonFiniteFloat16(fp16[i])) throw new NonFiniteUpdateError(`value ${i} is not finite`)
    }
  }
  return { encoding, dimension: p.dimension, count, indices, fp16, fp32, samples: p.samples, loss: p.loss }
}

/** L2 norm of a decoded update's values (as the aggregator will add them). */
export function updateNorm (update: CompressedUpdate): number {
  let s = 0
  if (update.fp32 != null) {
    const v = update.fp32
    for (let i = 0; i < v.length; i++) s += v[i] * v[i]
  } else if (update.fp16 != null) {
    const t = fp16Table()
    const b = update.fp16
    for (let i = 0; i < b.length; i++) { const v = t[b[i]]; s += v * v }
  }
  return Math.sqrt(s)
}

/** The update as a dense Float32Array of its dimension. */
export function updateToDense (update: CompressedUpdate): Float32Array {
  const out = new Float32Array(update.dimension)
  const t = fp16Table()
  if (update.fp32 != null) out.set(update.fp32)
  else if (update.fp16 != null) {
    const b = update.fp16
    if (update.indices != null) {
      const idx = update.indices
      for (let i = 0; i < b.length; i++) out[idx[i]] = t[b[i]]
    } else {
      for (let i = 0; i < b.length; i++) out[i] = t[b[i]]
    }
  }
  return out
}

/** Who signs what: the fields an update is bound to. */
export interface UpdateContext {
  taskId: string
  round: number
  /** CID of the base model the delta was computed from */
  baseModelCid: CID
  /** the sender's peer id (string); must be its Ed25519 key's */
  from: string
}

async function signingBytes (ctx: { taskId: string, round: bigint, baseModelCid: Uint8Array, from: string }, payload: Uint8Array): Promise<Uint8Array> {
  const digest = await sha256.digest(payload)
  const input = UpdateSigningInput.encode({
    taskId: ctx.taskId,
    round: ctx.round,
    baseModelCid: ctx.baseModelCid as Uint8Array<ArrayBuffer>,
    payloadHash: digest.digest as Uint8Array<ArrayBuffer>,
    from: ctx.from
  })
  return uint8ArrayConcat([CONTEXT, input])
}

/** Signs `payload` for `ctx` with the node's key and returns the `Update` frame. */
export async function signUpdate (privateKey: PrivateKey, ctx: UpdateContext, payload: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<Uint8Array<ArrayBuffer>> {
  if (!Number.isSafeInteger(ctx.round) || ctx.round < 0) throw new InvalidParametersError(`round must be a non-negative integer, got ${ctx.round}`)
  const wire = { taskId: ctx.taskId, round: BigInt(ctx.round), baseModelCid: ctx.baseModelCid.bytes, from: ctx.from }
  const toSign = await signingBytes(wire, payload)
  options.signal?.throwIfAborted()
  const signature = await privateKey.sign(toSign, options)
  return Update.encode({
    taskId: ctx.taskId,
    round: wire.round,
    baseModelCid: ctx.baseModelCid.bytes as Uint8Array<ArrayBuffer>,
    from: ctx.from,
    payload: payload as Uint8Array<ArrayBuffer>,
    signature: signature as Uint8Array<ArrayBuffer>
  })
}

/**
 * Decodes an `Update` frame without verifying it. Throws `MessageTooLargeError` above
 * `maxBytes` (before decoding) and `MalformedUpdateError` for anything undecodable.
 */
export function decodeUpdateFrame (frame: Uint8Array, maxBytes: number): Update {
  if (frame.byteLength > maxBytes) throw new MessageTooLargeError(`update is ${frame.byteLength} bytes, limit ${maxBytes}`)
  let update: Update
  try {
    update = Update.decode(frame)
  } catch (err) {
    throw new MalformedUpdateError(`undecodable update: ${(err as Error).message}`)
  }
  if (update.signature.byteLength !== 64 || update.payload.byteLength === 0 || update.from === '' || update.taskId === '') {
    throw new MalformedUpdateError('update lacks a sender, task, payload or 64-byte signature')
  }
  return update
}

/** Checks an update's signature against the key in its sender's peer id. Throws `BadSignatureError`. */
export async function verifyUpdateSignature (update: Update, options: { signal?: AbortSignal } = {}): Promise<void> {
  let publicKey
  try {
    const peerId = peerIdFromString(update.from)
    if (peerId.type !== 'Ed25519') throw new Error(`key type ${peerId.type}`)
    publicKey = peerId.publicKey
  } catch (err) {
    throw new BadSignatureError(`sender is not an Ed25519 peer id: ${(err as Error).message}`)
  }
  const toSign = await signingBytes(update, update.payload)
  options.signal?.throwIfAborted()
  const ok = await publicKey.verify(toSign, update.signature, options)
  if (!ok) throw new BadSignatureError(`update from ${update.from.slice(0, 64)} has a bad signature`)
}

/** True when `cid` (binary) names the same CID as `expected`. */
export function sameCid (bytes: Uint8Array, expected: CID): boolean {
  return uint8ArrayEquals(bytes, expected.bytes)
}

export interface PrepareUpdateInit extends UpdateContext, CompressInit {
  privateKey: PrivateKey
  /** samples trained on this round (the FedAvg weight) */
  samples: number
  /** mean training loss of the last epoch */
  loss?: number
}

export interface PreparedUpdate {
  /** the signed `Update` frame to send to the aggregator */
  frame: Uint8Array<ArrayBuffer>
  /** keep this (e.g. in IndexedDB) and pass it to the next round's prepareUpdate */
  residual: Float32Array
  stats: CompressStats & {
    /** bytes of the frame */
    bytes: number
    /** bytes the same delta takes as dense float32 */
    denseBytes: number
  }
}

/**
 * The client side of a round, after training: clip, error-feedback top-k, fp16, encode and
 * sign. `residual` is the one returned by the previous round (undefined on the first).
 */
export async function prepareUpdate (delta: Float32Array, residual: Float32Array | undefined, init: PrepareUpdateInit, options: { signal?: AbortSignal } = {}): Promise<PreparedUpdate> {
  options.signal?.throwIfAborted()
  const compressed = compressDelta(delta, residual, init)
  const payload = encodeUpdatePayload(compressed.update, { samples: init.samples, loss: init.loss })
  const frame = await signUpdate(init.privateKey, init, payload, options)
  return {
    frame,
    residual: compressed.residual,
    stats: { ...compressed.stats, bytes: frame.byteLength, denseBytes: delta.length * 4 }
  }
}

export { CID }
