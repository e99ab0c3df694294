/**
 * The coordinator's signed round messages (DESIGN.md §3 steps 1 and 6): `RoundAnnounce`
 * (round, base model CID + Merkle root, deadline, training config, participants) and
 * `RoundCommit` (the new model's CID). Signed with the coordinator's Ed25519 node key over a
 * domain-separated encoding; checked against the coordinator's peer id the node trusts.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { CID } from 'multiformats/cid'
import { RoundAnnounce, RoundCommit, SignedRoundAnnounce, SignedRoundCommit } from '../protocol/fl.ts'
import { BadSignatureError, InvalidAnnounceError, MessageTooLargeError } from './update-errors.ts'
import type { ModelDescriptor } from './model-chunks.ts'
import { MAX_CHUNK_BYTES, MIN_CHUNK_BYTES, chunkCount } from './model-chunks.ts'

export { RoundAnnounce, RoundCommit } from '../protocol/fl.ts'
export type { RoundConfig } from '../protocol/fl.ts'

export const ANNOUNCE_SIGNING_CONTEXT = 'vain-announce-v1:'
export const COMMIT_SIGNING_CONTEXT = 'vain-commit-v1:'
/** Largest signed announce accepted (bytes). */
export const MAX_ANNOUNCE_BYTES = 256 * 1024
/** Most participants one announce may list. */
export const MAX_ANNOUNCE_PARTICIPANTS = 2000
/** Largest signed commit accepted (bytes). */
export const MAX_COMMIT_BYTES = 4 * 1024
/** Largest model dimension an announce may declare (~1 GB of float32). */
export const MAX_MODEL_DIMENSION = 256 * 1024 * 1024

const ANNOUNCE_CONTEXT = uint8ArrayFromString(ANNOUNCE_SIGNING_CONTEXT)
const COMMIT_CONTEXT = uint8ArrayFromString(COMMIT_SIGNING_CONTEXT)

export interface VerifyRoundMessageOptions {
  /** peer id of the coordinator this node follows */
  coordinator: string
  signal?: AbortSignal
}

async function sign (privateKey: PrivateKey, context: Uint8Array, body: Uint8Array, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  return await privateKey.sign(uint8ArrayConcat([context, body]), { signal }) as Uint8Array<ArrayBuffer>
}

async function verify (coordinator: string, context: Uint8Array, body: Uint8Array, signature: Uint8Array, signal?: AbortSignal): Promise<void> {
  let publicKey
  try {
    const peerId = peerIdFromString(coordinator)
    if (peerId.type !== 'Ed25519') throw new Error(`key type ${peerId.type}`)
    publicKey = peerId.publicKey
  } catch (err) {
    throw new InvalidAnnounceError(`coordinator is not an Ed25519 peer id: ${(err as Error).message}`)
  }
  if (signature.byteLength !== 64 || !await publicKey.verify(uint8ArrayConcat([context, body]), signature, { signal })) {
    throw new BadSignatureError('round message has a bad signature')
  }
}

/** Encodes and signs an announce; returns the `SignedRoundAnnounce` frame to publish. */
export async function signRoundAnnounce (privateKey: PrivateKey, announce: RoundAnnounce, options: { signal?: AbortSignal } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const body = RoundAnnounce.encode(announce)
  const frame = SignedRoundAnnounce.encode({ announce: body, signature: await sign(privateKey, ANNOUNCE_CONTEXT, body, options.signal) })
  if (frame.byteLength > MAX_ANNOUNCE_BYTES) throw new MessageTooLargeError(`announce is ${frame.byteLength} bytes, limit ${MAX_ANNOUNCE_BYTES}`)
  return frame
}

/**
 * Decodes and verifies a `SignedRoundAnnounce` from the expected coordinator, and checks
 * that it is coherent (CID, root, chunking, config). Throws `MessageTooLargeError`,
 * `InvalidAnnounceError` or `BadSignatureError`.
 */
export async function verifyRoundAnnounce (frame: Uint8Array, options: VerifyRoundMessageOptions): Promise<RoundAnnounce> {
  if (frame.byteLength > MAX_ANNOUNCE_BYTES) throw new MessageTooLargeError(`announce is ${frame.byteLength} bytes, limit ${MAX_ANNOUNCE_BYTES}`)
  let signed: SignedRoundAnnounce
  let a: RoundAnnounce
  try {
    signed = SignedRoundAnnounce.decode(frame)
    a = RoundAnnounce.decode(signed.announce, { limits: { participants: MAX_ANNOUNCE_PARTICIPANTS } })
  } catch (err) {
    throw new InvalidAnnounceError(`undecodable announce: ${(err as Error).message}`)
  }
  if (a.coordinator !== options.coordinator) throw new InvalidAnnounceError('announce is from another coordinator')
  await verify(options.coordinator, ANNOUNCE_CONTEXT, signed.announce, signed.signature, options.signal)
  if (a.config == null) throw new InvalidAnnounceError('announce lacks its config')
  if (a.dimension < 1 || a.dimension > MAX_MODEL_DIMENSION) throw new InvalidAnnounceError(`announce declares dimension ${a.dimension}`)
  if (a.chunkBytes < MIN_CHUNK_BYTES || a.chunkBytes > MAX_CHUNK_BYTES || a.chunkBytes % 4 !== 0) throw new InvalidAnnounceError(`announce declares chunkBytes ${a.chunkBytes}`)
  if (a.chunkCount !== chunkCount(a.dimension, a.chunkBytes)) throw new InvalidAnnounceError('announce chunk count does not match its dimension')
  if (a.merkleRoot.byteLength !== 32) throw new InvalidAnnounceError('announce lacks a 32-byte Merkle root')
  try {
    CID.decode(a.baseModelCid)
  } catch {
    throw new InvalidAnnounceError('announce base model CID is not a CID')
  }
  if (a.deadlineMs <= a.issuedAtMs) throw new InvalidAnnounceError('announce deadline is before its issue time')
  return a
}

/** What a participant needs to fetch and check the base model of an announce. */
export function announceModel (a: RoundAnnounce): ModelDescriptor {
  return { modelCid: CID.decode(a.baseModelCid), merkleRoot: a.merkleRoot, dimension: a.dimension, chunkBytes: a.chunkBytes }
}

export async function signRoundCommit (privateKey: PrivateKey, commit: RoundCommit, options: { signal?: AbortSignal } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const body = RoundCommit.encode(commit)
  return SignedRoundCommit.encode({ commit: body, signature: await sign(privateKey, COMMIT_CONTEXT, body, options.signal) })
}

/** Decodes and verifies a `SignedRoundCommit` from the expected coordinator. */
export async function verifyRoundCommit (frame: Uint8Array, options: VerifyRoundMessageOptions): Promise<RoundCommit> {
  if (frame.byteLength > MAX_COMMIT_BYTES) throw new MessageTooLargeError(`commit is ${frame.byteLength} bytes, limit ${MAX_COMMIT_BYTES}`)
  let signed: SignedRoundCommit
  let c: RoundCommit
  try {
    signed = SignedRoundCommit.decode(frame)
    c = RoundCommit.decode(signed.commit)
  } catch (err) {
    throw new InvalidAnnounceError(`undecodable commit: ${(err as Error).message}`)
  }
  if (c.coordinator !== options.coordinator) throw new InvalidAnnounceError('commit is from another coordinator')
  await verify(options.coordinator, COMMIT_CONTEXT, signed.commit, signed.signature, options.signal)
  return c
}
