/**
 * The round state machine of one task on its coordinator (DESIGN.md §3): pure, with an
 * injected clock and no timers — the relay drives it:
 *
 *   idle ──announce(candidates)──► open ──submit(frame)*──► … ──tick() at the deadline──┐
 *     ▲                             │  ▲                                                 │
 *     │                             │  └── re-announce (attempt + 1, more participants) ◄┤ fewer than min valid
 *     └──── commit() ◄──────────────┘      (updates already accepted are kept)           │
 *          (all selected sent, or the deadline with ≥ min valid updates) ◄───────────────┘
 *
 * `commit` aggregates (streaming FedAvg, or median / trimmed mean), chunks the new model, and
 * returns everything to persist and publish: the new weights, their CID and Merkle root, the
 * signed `RoundCommit`, and the round's counters (accepted, rejected by reason, bytes).
 * Participants are chosen deterministically: candidates ranked by sha2-256 of
 * (task, round, attempt, base model CID, peer id), so anyone can re-check a selection.
 */
import type { PrivateKey } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { FedAvgAccumulator, robustAggregate, applyServerUpdate } from './aggregate.ts'
import { chunkModel, DEFAULT_CHUNK_BYTES } from './model-chunks.ts'
import type { ChunkedModel } from './model-chunks.ts'
import { signRoundAnnounce, signRoundCommit } from './round-announce.ts'
import type { RoundAnnounce } from './round-announce.ts'
import { maxValuesPerUpdate, taskDimension, toRoundConfig, validateTask } from './task.ts'
import type { TaskConfig } from './task.ts'
import { updateToDense } from './update-codec.ts'
import { InvalidParametersError, NotEnoughUpdatesError, rejectionReason, RoundPhaseError } from './update-errors.ts'
import type { RejectionCounts, RejectionReason } from './update-errors.ts'
import { ReplayMemory, UpdateValidator } from './validate.ts'
import type { ValidatedUpdate } from './validate.ts'
import { WeightsLengthError } from './errors.ts'

export interface Clock {
  /** milliseconds since the epoch */
  now: () => number
}

export const systemClock: Clock = { now: () => Date.now() }

export type RoundPhase = 'idle' | 'open' | 'committing'

export interface SelectInit {
  /** share of the candidates to pick */
  fraction: number
  /** pick at least this many (when there are that many) */
  min: number
  /** anything that makes the ranking specific to this round */
  seed: string
}

/**
 * Deterministic selection: candidates (deduplicated) ranked by sha2-256(seed ‖ id), the first
 * max(min, ⌈fraction · n⌉) of them, in rank order.
 */
export async function selectParticipants (candidates: Iterable<string>, init: SelectInit): Promise<string[]> {
  const unique = [...new Set(candidates)]
  if (!(init.fraction > 0 && init.fraction <= 1)) throw new InvalidParametersError(`fraction must be in (0, 1], got ${init.fraction}`)
  const m = Math.min(unique.length, Math.max(init.min, Math.ceil(init.fraction * unique.length)))
  const ranked = await Promise.all(unique.map(async id => ({ id, rank: (await sha256.digest(uint8ArrayFromString(`${init.seed}\n${id}`))).digest })))
  ranked.sort((a, b) => compareBytes(a.rank, b.rank) || (a.id < b.id ? -1 : 1))
  return ranked.slice(0, m).map(r => r.id)
}

function compareBytes (a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

export interface RoundCoordinatorInit {
  task: TaskConfig
  /** the coordinator's node key (signs announces and commits) */
  privateKey: PrivateKey
  /** the coordinator's peer id */
  coordinator: string
  /** the latest committed global model */
  model: Float32Array
  /** the round that produced `model` (0: the initial model); the next announce is round + 1 @default 0 */
  round?: number
  /** @default systemClock */
  clock?: Clock
  /** @default DEFAULT_CHUNK_BYTES */
  chunkBytes?: number
  /** remembered signatures of recent rounds (restore it to catch replays across restarts) @default a fresh one */
  replay?: ReplayMemory
  /** @default taskDimension(task) */
  dimension?: number
}

export interface AnnouncedRound {
  announce: RoundAnnounce
  /** the signed `SignedRoundAnnounce` to publish on `roundsTopic(task.id)` */
  frame: Uint8Array
}

export type SubmitResult =
  | { status: 'accepted', from: string, update: ValidatedUpdate, /** every selected participant has sent */ complete: boolean }
  | { status: 'rejected', reason: RejectionReason, message: string }

export interface RoundResult {
  taskId: string
  round: number
  /** announces it took (1 + re-announces) */
  attempts: number
  baseModelCid: CID
  modelCid: CID
  merkleRoot: Uint8Array
  /** the new global model */
  model: Float32Array
  chunked: ChunkedModel
  /** everyone selected over all attempts */
  participants: string[]
  acceptedFrom: string[]
  accepted: number
  rejected: RejectionCounts
  /** Σ samples of accepted updates */
  samples: number
  /** sample-weighted mean of the reported training losses */
  trainLoss: number
  /** bytes of every frame submitted (accepted or not) */
  bytesUp: number
  /** bytes of the accepted frames */
  acceptedBytes: number
  announcedAtMs: number
  committedAtMs: number
  /** the signed `SignedRoundCommit` to publish */
  commitFrame: Uint8Array
}

export type TickResult =
  | { kind: 'idle' }
  | { kind: 'waiting', msLeft: number }
  | { kind: 'committed', result: RoundResult }
  | { kind: 'reannounced', announced: AnnouncedRound }

/** A snapshot for `/api/rounds` and the dashboard. */
export interface RoundStatus {
  taskId: string
  phase: RoundPhase
  /** the open round, or the last committed one when idle */
  round: number
  attempt: number
  modelCid: string
  participants: number
  accepted: number
  rejected: RejectionCounts | null
  deadlineMs: number | null
  bytesUp: number
}

interface OpenRound {
  round: number
  attempt: number
  announce: RoundAnnounce
  participants: Set<string>
  validator: UpdateValidator
  fedavg?: FedAvgAccumulator
  dense: Float32Array[]
  samples: number
  lossSum: number
  bytesUp: number
  announcedAtMs: number
  deadlineMs: number
}

export class RoundCoordinator {
  readonly task: TaskConfig
  readonly dimension: number
  private readonly privateKey: PrivateKey
  private readonly coordinator: string
  private readonly clock: Clock
  private readonly chunkBytes: number
  private readonly replay: ReplayMemory
  private committedRound: number
  private current: ChunkedModel
  private weights: Float32Array
  private open?: OpenRound
  private committing = false
  private announcing = false

  private constructor (init: RoundCoordinatorInit, chunked: ChunkedModel, dimension: number) {
    this.task = init.task
    this.dimension = dimension
    this.privateKey = init.privateKey
    this.coordinator = init.coordinator
    this.clock = init.clock ?? systemClock
    this.chunkBytes = chunked.chunkBytes
    this.replay = init.replay ?? new ReplayMemory()
    this.committedRound = init.round ?? 0
    this.current = chunked
    this.weights = init.model
  }

  /** Validates the task, chunks the model and returns an idle coordinator. */
  static async create (init: RoundCoordinatorInit, options: { signal?: AbortSignal } = {}): Promise<RoundCoordinator> {
    validateTask(init.task)
    const dimension = init.dimension ?? taskDimension(init.task)
    if (init.model.length !== dimension) throw new WeightsLengthError(dimension, init.model.length)
    const round = init.round ?? 0
    if (!Number.isSafeInteger(round) || round < 0) throw new InvalidParametersError(`round must be a non-negative integer, got ${round}`)
    const chunked = await chunkModel(init.model, { chunkBytes: init.chunkBytes ?? DEFAULT_CHUNK_BYTES, signal: options.signal })
    return new RoundCoordinator(init, chunked, dimension)
  }

  get phase (): RoundPhase { return this.committing ? 'committing' : this.open != null ? 'open' : 'idle' }
  /** the last committed round */
  get round (): number { return this.committedRound }
  /** the latest committed model (do not modify) */
  get model (): Float32Array { return this.weights }
  get chunked (): ChunkedModel { return this.current }
  get modelCid (): CID { return this.current.modelCid }
  /** the open round's announce, if any */
  get openAnnounce (): RoundAnnounce | undefined { return this.open?.announce }

  status (): RoundStatus {
    const o = this.open
    return {
      taskId: this.task.id,
      phase: this.phase,
      round: o?.round ?? this.committedRound,
      attempt: o?.attempt ?? 0,
      modelCid: this.current.modelCid.toString(),
      participants: o?.participants.size ?? 0,
      accepted: o?.validator.accepted ?? 0,
      rejected: o == null ? null : { ...o.validator.rejected },
      deadlineMs: o?.deadlineMs ?? null,
      bytesUp: o?.bytesUp ?? 0
    }
  }

  private seed (round: number, attempt: number): string {
    return `${this.task.id}:${round}:${attempt}:${this.current.modelCid.toString()}`
  }

  private async signAnnounce (o: Pick<OpenRound, 'round' | 'attempt' | 'participants' | 'announcedAtMs' | 'deadlineMs'>, signal?: AbortSignal): Promise<AnnouncedRound> {
    const announce: RoundAnnounce = {
      taskId: this.task.id,
      round: BigInt(o.round),
      attempt: o.attempt,
      coordinator: this.coordinator,
      baseModelCid: this.current.modelCid.bytes as Uint8Array<ArrayBuffer>,
      merkleRoot: this.current.merkleRoot as Uint8Array<ArrayBuffer>,
      dimension: this.dimension,
      chunkBytes: this.chunkBytes,
      chunkCount: this.current.chunks.length,
      issuedAtMs: BigInt(Math.floor(o.announcedAtMs)),
      deadlineMs: BigInt(Math.floor(o.deadlineMs)),
      config: toRoundConfig(this.task),
      participants: [...o.participants],
      minParticipants: this.task.minParticipants
    }
    return { announce, frame: await signRoundAnnounce(this.privateKey, announce, { signal }) }
  }

  /**
   * Opens the next round: selects participants among `candidates` (peer ids of the nodes
   * that asked to contribute) and returns the signed announce to publish.
   */
  async announce (candidates: Iterable<string>, options: { signal?: AbortSignal } = {}): Promise<AnnouncedRound> {
    if (this.phase !== 'idle' || this.announcing) throw new RoundPhaseError(`round ${this.open?.round ?? this.committedRound} is ${this.announcing ? 'being announced' : this.phase}`)
    this.announcing = true
    try {
      return await this.openRound(candidates, options)
    } finally {
      this.announcing = false
    }
  }

  private async openRound (candidates: Iterable<string>, options: { signal?: AbortSignal }): Promise<AnnouncedRound> {
    const round = this.committedRound + 1
    const participants = new Set(await selectParticipants(candidates, { fraction: this.task.fraction, min: this.task.minParticipants, seed: this.seed(round, 0) }))
    options.signal?.throwIfAborted()
    const now = this.clock.now()
    const validator = new UpdateValidator({
      taskId: this.task.id,
      round,
      baseModelCid: this.current.modelCid,
      dimension: this.dimension,
      maxK: maxValuesPerUpdate(this.task, this.dimension),
      clipNorm: this.task.compression.clipNorm,
      maxSamples: this.task.maxSamples,
      participants,
      replay: this.replay
    })
    const open: OpenRound = {
      round,
      attempt: 0,
      participants,
      validator,
      fedavg: this.task.aggregator === 'fedavg' ? new FedAvgAccumulator(this.dimension) : undefined,
      dense: [],
      samples: 0,
      lossSum: 0,
      bytesUp: 0,
      announcedAtMs: now,
      deadlineMs: now + this.task.roundDurationMs,
      announce: undefined as unknown as RoundAnnounce
    }
    const announced = await this.signAnnounce(open, options.signal)
    open.announce = announced.announce
    this.open = open
    return announced
  }

  /**
   * Validates one update frame and, if it passes, adds it to the round's aggregate. Never
   * throws for a bad update: the result says why it was refused (and it is counted).
   */
  async submit (frame: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<SubmitResult> {
    const o = this.open
    if (o == null || this.committing) {
      o?.validator.count('RoundClosedError')
      return { status: 'rejected', reason: 'RoundClosedError', message: 'no round is open' }
    }
    o.bytesUp += frame.byteLength
    let update: ValidatedUpdate
    try {
      update = await o.validator.validate(frame, options)
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err
      return { status: 'rejected', reason: rejectionReason(err), message: (err as Error).message }
    }
    if (o.fedavg != null) o.fedavg.add(update, update.samples)
    else o.dense.push(updateToDense(update))
    o.samples += update.samples
    o.lossSum += (Number.isFinite(update.loss) ? update.loss : 0) * update.samples
    return { status: 'accepted', from: update.from, update, complete: o.validator.accepted >= o.participants.size }
  }

  /**
   * Call on a timer (e.g. every second) and after each accepted update. Commits when every
   * selected participant has sent, or at the deadline with ≥ minParticipants valid updates;
   * at the deadline with fewer, re-announces the same round with more participants drawn
   * from `candidates` and a new deadline.
   */
  async tick (candidates: Iterable<string> = [], options: { signal?: AbortSignal } = {}): Promise<TickResult> {
    const o = this.open
    if (o == null || this.committing) return { kind: 'idle' }
    const accepted = o.validator.accepted
    const everyone = o.participants.size > 0 && accepted >= o.participants.size
    const now = this.clock.now()
    if (everyone && accepted >= this.task.minParticipants) return { kind: 'committed', result: await this.commit(options) }
    if (now < o.deadlineMs) return { kind: 'waiting', msLeft: o.deadlineMs - now }
    if (accepted >= this.task.minParticipants) return { kind: 'committed', result: await this.commit(options) }
    return { kind: 'reannounced', announced: await this.reannounce(o, candidates, options.signal) }
  }

  private async reannounce (o: OpenRound, candidates: Iterable<string>, signal?: AbortSignal): Promise<AnnouncedRound> {
    const attempt = o.attempt + 1
    const fresh = [...new Set(candidates)].filter(id => !o.validator.acceptedFrom.has(id))
    const picked = await selectParticipants(fresh, { fraction: this.task.fraction, min: this.task.minParticipants, seed: this.seed(o.round, attempt) })
    signal?.throwIfAborted()
    const participants = new Set([...o.participants, ...picked])
    const now = this.clock.now()
    const announced = await this.signAnnounce({ round: o.round, attempt, participants, announcedAtMs: now, deadlineMs: now + this.task.roundDurationMs }, signal)
    o.validator.allow(picked)
    o.participants = participants
    o.attempt = attempt
    o.deadlineMs = now + this.task.roundDurationMs
    o.announce = announced.announce
    return announced
  }

  /**
   * Aggregates the open round into the new global model and closes it. Throws
   * `NotEnoughUpdatesError` below the task's minimum (the round stays open).
   */
  async commit (options: { signal?: AbortSignal } = {}): Promise<RoundResult> {
    const o = this.open
    if (o == null || this.committing) throw new RoundPhaseError(`no open round to commit (${this.phase})`)
    const accepted = o.validator.accepted
    if (accepted < this.task.minParticipants || accepted === 0) throw new NotEnoughUpdatesError(accepted, Math.max(1, this.task.minParticipants))
    this.committing = true
    o.validator.close()
    try {
      const base = this.current
      let model: Float32Array
      if (o.fedavg != null) {
        model = o.fedavg.finish(this.weights, this.task.serverLr)
      } else {
        const agg = robustAggregate(o.dense, { aggregator: this.task.aggregator === 'median' ? 'median' : 'trimmed-mean', trim: this.task.trim })
        model = applyServerUpdate(this.weights, agg, this.task.serverLr)
      }
      const chunked = await chunkModel(model, { chunkBytes: this.chunkBytes, signal: options.signal })
      const committedAtMs = this.clock.now()
      const commitFrame = await signRoundCommit(this.privateKey, {
        taskId: this.task.id,
        round: BigInt(o.round),
        coordinator: this.coordinator,
        baseModelCid: base.modelCid.bytes as Uint8Array<ArrayBuffer>,
        modelCid: chunked.modelCid.bytes as Uint8Array<ArrayBuffer>,
        merkleRoot: chunked.merkleRoot as Uint8Array<ArrayBuffer>,
        accepted,
        samples: BigInt(o.samples),
        committedAtMs: BigInt(Math.floor(committedAtMs))
      }, options)
      const result: RoundResult = {
        taskId: this.task.id,
        round: o.round,
        attempts: o.attempt + 1,
        baseModelCid: base.modelCid,
        modelCid: chunked.modelCid,
        merkleRoot: chunked.merkleRoot,
        model,
        chunked,
        participants: [...o.participants],
        acceptedFrom: [...o.validator.acceptedFrom],
        accepted,
        rejected: { ...o.validator.rejected },
        samples: o.samples,
        trainLoss: o.samples > 0 ? o.lossSum / o.samples : NaN,
        bytesUp: o.bytesUp,
        acceptedBytes: o.validator.acceptedBytes,
        announcedAtMs: o.announcedAtMs,
        committedAtMs,
        commitFrame
      }
      this.weights = model
      this.current = chunked
      this.committedRound = o.round
      this.open = undefined
      return result
    } finally {
      this.committing = false
    }
  }
}
