/**
 * Model distribution by content id (DESIGN.md §3 step 2): a flat Float32Array model is cut
 * into fixed-size chunks of its little-endian bytes, each addressed by a CIDv1 (raw,
 * sha2-256), with a Merkle root over the chunk digests (merkle.ts) that the signed
 * `RoundAnnounce` carries. A participant may fetch chunks from anyone, checks each against
 * the root with its proof, and checks the assembled model against the model's CID (the same
 * as `weightsCid` in weights.ts).
 */
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { InvalidParametersError, MessageTooLargeError } from '../errors.ts'
import { ModelChunk as ModelChunkMessage } from '../protocol/fl.ts'
import { MerkleTree, verifyMerkleProof } from './merkle.ts'
import { ChunkVerificationError, WrongShapeError } from './update-errors.ts'

/** Default chunk size: 256 KiB (the CNN's 6.65 MB is 26 chunks). */
export const DEFAULT_CHUNK_BYTES = 256 * 1024
/** Chunk sizes accepted from an announce. */
export const MIN_CHUNK_BYTES = 4 * 1024
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

export interface ModelChunk {
  index: number
  cid: CID
  bytes: Uint8Array
}

/** A chunked model: what the relay stores and serves, and what the announce summarises. */
export interface ChunkedModel {
  /** CID of the whole weights vector (raw, sha2-256 of all its bytes) */
  modelCid: CID
  merkleRoot: Uint8Array
  dimension: number
  chunkBytes: number
  chunks: ModelChunk[]
  tree: MerkleTree
}

/** Little-endian bytes of `weights` (a view when the platform is little-endian). */
export function modelBytes (weights: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength)
  const out = new Uint8Array(weights.byteLength)
  const view = new DataView(out.buffer)
  for (let i = 0; i < weights.length; i++) view.setFloat32(i * 4, weights[i], true)
  return out
}

/** CID of a weights vector: CIDv1, raw codec, sha2-256 of its little-endian bytes. */
export async function modelCid (weights: Float32Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(modelBytes(weights)))
}

/** Number of chunks of a model of `dimension` float32 values. */
export function chunkCount (dimension: number, chunkBytes: number): number {
  return Math.ceil(dimension * 4 / chunkBytes)
}

function checkChunkBytes (chunkBytes: number): void {
  if (!Number.isInteger(chunkBytes) || chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES || chunkBytes % 4 !== 0) {
    throw new InvalidParametersError(`chunkBytes must be a multiple of 4 in ${MIN_CHUNK_BYTES}..${MAX_CHUNK_BYTES}, got ${chunkBytes}`)
  }
}

/** Cuts `weights` into chunks (copies), addresses each, and builds the Merkle tree. */
export async function chunkModel (weights: Float32Array, options: { chunkBytes?: number, signal?: AbortSignal } = {}): Promise<ChunkedModel> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES
  checkChunkBytes(chunkBytes)
  if (weights.length === 0) throw new InvalidParametersError('empty model')
  const bytes = modelBytes(weights)
  const chunks: ModelChunk[] = []
  for (let index = 0, at = 0; at < bytes.length; index++, at += chunkBytes) {
    const chunk = bytes.slice(at, Math.min(bytes.length, at + chunkBytes))
    const cid = CID.createV1(raw.code, await sha256.digest(chunk))
    chunks.push({ index, cid, bytes: chunk })
    options.signal?.throwIfAborted()
  }
  const tree = await MerkleTree.build(chunks.map(c => c.cid.multihash.digest))
  return { modelCid: await modelCid(weights), merkleRoot: tree.root, dimension: weights.length, chunkBytes, chunks, tree }
}

/** What a participant knows about the model from the announce. */
export interface ModelDescriptor {
  modelCid: CID
  merkleRoot: Uint8Array
  dimension: number
  chunkBytes: number
}

/**
 * Checks a fetched chunk: right length for its index, and its sha2-256 digest is leaf
 * `index` under the announced root. Returns the chunk's CID; throws `ChunkVerificationError`.
 */
export async function verifyChunk (model: ModelDescriptor, index: number, bytes: Uint8Array, proof: Uint8Array[]): Promise<CID> {
  checkChunkBytes(model.chunkBytes)
  const count = chunkCount(model.dimension, model.chunkBytes)
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new ChunkVerificationError(`chunk index ${index} out of range 0..${count - 1}`)
  const total = model.dimension * 4
  const expected = index === count - 1 ? total - index * model.chunkBytes : model.chunkBytes
  if (bytes.length !== expected) throw new ChunkVerificationError(`chunk ${index} is ${bytes.length} bytes, expected ${expected}`)
  const digest = await sha256.digest(bytes)
  if (!await verifyMerkleProof(model.merkleRoot, digest.digest, index, count, proof)) {
    throw new ChunkVerificationError(`chunk ${index} does not match the Merkle root`)
  }
  return CID.createV1(raw.code, digest)
}

/**
 * Puts verified chunks (in index order) back into a weights vector and checks it against
 * the model CID. Throws `WrongShapeError` on a wrong total length, `ChunkVerificationError`
 * on a CID mismatch.
 */
export async function assembleModel (model: ModelDescriptor, chunks: Uint8Array[]): Promise<Float32Array> {
  const total = chunks.reduce((a, c) => a + c.length, 0)
  if (total !== model.dimension * 4) throw new WrongShapeError(`chunks hold ${total} bytes, the model ${model.dimension * 4}`)
  const out = new Float32Array(model.dimension)
  const view = new Uint8Array(out.buffer)
  let at = 0
  for (const c of chunks) { view.set(c, at); at += c.length }
  if (!LITTLE_ENDIAN) {
    const dv = new DataView(out.buffer)
    for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true)
  }
  const cid = await modelCid(out)
  const expected = model.modelCid.toString()
  if (cid.toString() !== expected) throw new ChunkVerificationError(`assembled model is ${cid.toString()}, expected ${expected}`)
  return out
}

/** Most proof hashes a chunk frame may carry (a tree of 2^64 leaves). */
export const MAX_PROOF_HASHES = 64

/** The `ModelChunk` frame that serves chunk `index` of `model` with its proof. */
export function encodeModelChunk (model: ChunkedModel, index: number): Uint8Array<ArrayBuffer> {
  const chunk = model.chunks[index]
  if (chunk == null) throw new InvalidParametersError(`chunk index ${index} out of range`)
  return ModelChunkMessage.encode({
    modelCid: model.modelCid.bytes as Uint8Array<ArrayBuffer>,
    index,
    data: chunk.bytes as Uint8Array<ArrayBuffer>,
    proof: model.tree.proof(index) as Array<Uint8Array<ArrayBuffer>>
  })
}

/**
 * Decodes a `ModelChunk` frame for `model` and verifies it (size first, then CID, index,
 * length and Merkle proof). Returns the index and bytes; throws `MessageTooLargeError` or
 * `ChunkVerificationError`.
 */
export async function decodeModelChunk (model: ModelDescriptor, frame: Uint8Array): Promise<{ index: number, bytes: Uint8Array, cid: CID }> {
  const limit = model.chunkBytes + MAX_PROOF_HASHES * 34 + 256
  if (frame.byteLength > limit) throw new MessageTooLargeError(`chunk frame is ${frame.byteLength} bytes, limit ${limit}`)
  let m: ModelChunkMessage
  try {
    m = ModelChunkMessage.decode(frame, { limits: { proof: MAX_PROOF_HASHES } })
  } catch (err) {
    throw new ChunkVerificationError(`undecodable chunk: ${(err as Error).message}`)
  }
  let cid: CID
  try {
    cid = CID.decode(m.modelCid)
  } catch {
    throw new ChunkVerificationError('chunk names no model CID')
  }
  if (cid.toString() !== model.modelCid.toString()) throw new ChunkVerificationError('chunk belongs to another model')
  return { index: m.index, bytes: m.data, cid: await verifyChunk(model, m.index, m.data, m.proof) }
}
