/**
 * The aggregator's gate (DESIGN.md §3 step 5): every update frame passes these checks, in
 * order of cost, before it may touch the model. Each refusal throws a typed error and is
 * counted by its name (`REJECTION_REASONS`):
 *
 *   size (MessageTooLargeError) → frame decode (MalformedUpdateError) → seen before
 *   (ReplayedUpdateError) → task/round (WrongRoundError) → base model (WrongBaseModelError)
 *   → selected (NotSelectedError) → already sent this round (ReplayedUpdateError) →
 *   signature (BadSignatureError) → payload shape (WrongShapeError, SampleCountError) →
 *   NaN/Inf (NonFiniteUpdateError) → L2 norm (NormBoundError).
 *
 * A node counts as "sent this round" only once its update passed every check, so a forged
 * frame in someone's name cannot lock out the real one.
 */
import type { CID } from 'multiformats/cid'
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import { decodeUpdateFrame, decodeUpdatePayload, maxUpdateBytes, sameCid, updateNorm, verifyUpdateSignature } from './update-codec.ts'
import type { DecodedUpdate } from './update-codec.ts'
import {
  emptyRejectionCounts, InvalidParametersError, NormBoundError, NotSelectedError, rejectionReason,
  ReplayedUpdateError, RoundClosedError, WrongBaseModelError, WrongRoundError
} from './update-errors.ts'
import type { RejectionCounts, RejectionReason } from './update-errors.ts'

/** Relative slack on the norm bound for float rounding. */
const NORM_TOLERANCE = 1 / 1024

/** Default number of past rounds whose update signatures are remembered. */
export const DEFAULT_REPLAY_MEMORY_ROUNDS = 16
/** Default cap on remembered signatures, whatever the rounds. */
export const DEFAULT_REPLAY_MEMORY_ENTRIES = 100_000

/**
 * Signatures of updates accepted in recent rounds. Ed25519 signatures are deterministic, so
 * a re-sent frame has the same signature: that tells a replay from an honest late update.
 * Bounded in rounds and entries; share one across the rounds of a task.
 */
export class ReplayMemory {
  private readonly byRound = new Map<number, Set<string>>()
  private readonly rounds: number
  private readonly maxEntries: number
  private entries = 0

  constructor (init: { rounds?: number, maxEntries?: number } = {}) {
    this.rounds = init.rounds ?? DEFAULT_REPLAY_MEMORY_ROUNDS
    this.maxEntries = init.maxEntries ?? DEFAULT_REPLAY_MEMORY_ENTRIES
  }

  private static key (signature: Uint8Array): string {
    return uint8ArrayToString(signature, 'base64')
  }

  has (signature: Uint8Array): boolean {
    const key = ReplayMemory.key(signature)
    for (const set of this.byRound.values()) if (set.has(key)) return true
    return false
  }

  remember (round: number, signature: Uint8Array): void {
    let set = this.byRound.get(round)
    if (set == null) this.byRound.set(round, set = new Set())
    const key = ReplayMemory.key(signature)
    if (set.has(key)) return
    set.add(key)
    this.entries++
    this.prune(round)
  }

  /** The remembered signatures (base64) by round, to persist across restarts. */
  export (): Array<[round: number, signatures: string[]]> {
    return [...this.byRound.entries()].sort((a, b) => a[0] - b[0]).map(([round, set]) => [round, [...set]])
  }

  /** A memory holding what `export` returned (bounded like any other). */
  static restore (entries: Array<[number, string[]]>, init: { rounds?: number, maxEntries?: number } = {}): ReplayMemory {
    const m = new ReplayMemory(init)
    for (const [round, signatures] of entries) {
      let set = m.byRound.get(round)
      if (set == null) m.byRound.set(round, set = new Set())
      for (const key of signatures) {
        if (!set.has(key)) { set.add(key); m.entries++ }
      }
      m.prune(round)
    }
    return m
  }

  private prune (latest: number): void {
    for (const [round, set] of [...this.byRound.entries()].sort((a, b) => a[0] - b[0])) {
      if (round > latest - this.rounds && this.entries <= this.maxEntries) break
      this.byRound.delete(round)
      this.entries -= set.size
    }
  }
}

export interface UpdateValidatorInit {
  taskId: string
  round: number
  baseModelCid: CID
  /** parameter count of the task's model */
  dimension: number
  /** most values a sparse update may carry (⌈maxTopKFraction · dimension⌉) */
  maxK: number
  /** L2 bound on an update */
  clipNorm: number
  /** most samples one update may claim @default 2^31 */
  maxSamples?: number
  /** largest frame accepted @default maxUpdateBytes(dimension, maxK) */
  maxBytes?: number
  /** peer ids selected for the round; others are refused. @default anyone */
  participants?: Iterable<string>
  /** shared across rounds to catch replays of old updates @default a fresh one */
  replay?: ReplayMemory
}

export interface ValidatedUpdate extends DecodedUpdate {
  from: string
  /** L2 norm of the values */
  norm: number
  /** size of the frame */
  bytes: number
}

/** Validates the update frames of one round; counts acceptances and rejections by reason. */
export class UpdateValidator {
  readonly taskId: string
  readonly round: number
  readonly baseModelCid: CID
  readonly dimension: number
  readonly maxK: number
  readonly clipNorm: number
  readonly maxSamples: number
  readonly maxBytes: number
  readonly rejected: RejectionCounts = emptyRejectionCounts()
  accepted = 0
  /** bytes of accepted frames */
  acceptedBytes = 0
  private readonly participants?: Set<string>
  private readonly replay: ReplayMemory
  private readonly senders = new Set<string>()
  private closed = false

  constructor (init: UpdateValidatorInit) {
    if (!Number.isInteger(init.dimension) || init.dimension < 1) throw new InvalidParametersError(`dimension must be a positive integer, got ${init.dimension}`)
    if (!Number.isInteger(init.maxK) || init.maxK < 1) throw new InvalidParametersError(`maxK must be a positive integer, got ${init.maxK}`)
    if (!(init.clipNorm > 0)) throw new InvalidParametersError(`clipNorm must be positive, got ${init.clipNorm}`)
    this.taskId = init.taskId
    this.round = init.round
    this.baseModelCid = init.baseModelCid
    this.dimension = init.dimension
    this.maxK = init.maxK
    this.clipNorm = init.clipNorm
    this.maxSamples = init.maxSamples ?? 2 ** 31
    this.maxBytes = init.maxBytes ?? maxUpdateBytes(init.dimension, init.maxK)
    this.participants = init.participants == null ? undefined : new Set(init.participants)
    this.replay = init.replay ?? new ReplayMemory()
  }

  /** Peer ids whose update was accepted. */
  get acceptedFrom (): ReadonlySet<string> { return this.senders }

  /** Adds peers to the round's participants (a re-announce selected more); no-op when anyone may send. */
  allow (ids: Iterable<string>): void {
    if (this.participants == null) return
    for (const id of ids) this.participants.add(id)
  }

  /** Stop accepting (the round is aggregating); later frames fail with `RoundClosedError`. */
  close (): void { this.closed = true }

  /** Counts a rejection decided outside the validator (e.g. a stream that broke off). */
  count (reason: RejectionReason): void { this.rejected[reason]++ }

  /**
   * Decodes and checks one frame. Resolves with the update when it may be aggregated;
   * otherwise counts the reason and throws the typed error.
   */
  async validate (frame: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<ValidatedUpdate> {
    try {
      const out = await this.check(frame, options)
      this.accepted++
      this.acceptedBytes += frame.byteLength
      return out
    } catch (err) {
      if ((err as Error)?.name !== 'AbortError') this.rejected[rejectionReason(err)]++
      throw err
    }
  }

  private async check (frame: Uint8Array, options: { signal?: AbortSignal }): Promise<ValidatedUpdate> {
    if (this.closed) throw new RoundClosedError(`round ${this.round} is closed`)
    const update = decodeUpdateFrame(frame, this.maxBytes)
    if (this.replay.has(update.signature)) throw new ReplayedUpdateError(`update from ${update.from.slice(0, 64)} was seen before`)
    if (update.taskId !== this.taskId) throw new WrongRoundError(`update is for task ${update.taskId.slice(0, 64)}, not ${this.taskId}`)
    if (update.round !== BigInt(this.round)) throw new WrongRoundError(`update is for round ${update.round}, the open round is ${this.round}`)
    if (!sameCid(update.baseModelCid, this.baseModelCid)) throw new WrongBaseModelError(`update is not against base model ${this.baseModelCid.toString()}`)
    if (this.participants != null && !this.participants.has(update.from)) throw new NotSelectedError(`${update.from.slice(0, 64)} is not a participant of round ${this.round}`)
    if (this.senders.has(update.from)) throw new ReplayedUpdateError(`${update.from} already sent an update in round ${this.round}`)
    await verifyUpdateSignature(update, options)
    const decoded = decodeUpdatePayload(update.payload, { dimension: this.dimension, maxK: this.maxK, maxSamples: this.maxSamples })
    const norm = updateNorm(decoded)
    if (norm > this.clipNorm * (1 + NORM_TOLERANCE)) throw new NormBoundError(norm, this.clipNorm)
    // re-checked after the awaits: two frames of one sender may race
    if (this.closed) throw new RoundClosedError(`round ${this.round} is closed`)
    if (this.senders.has(update.from)) throw new ReplayedUpdateError(`${update.from} already sent an update in round ${this.round}`)
    this.senders.add(update.from)
    this.replay.remember(this.round, update.signature)
    return { ...decoded, from: update.from, norm, bytes: frame.byteLength }
  }
}
