/**
 * Errors of the round protocol: why an update, announce or chunk was refused. One class per
 * reason, each with a stable `name` (static and on the instance). The aggregator counts
 * rejections by `err.name`, so these names are what `/api/rounds` shows.
 *
 * A bad signature and an oversized frame reuse the protocol-wide `BadSignatureError`
 * (shared/protocol/errors.ts) and `MessageTooLargeError` (shared/errors.ts).
 */
export { InvalidParametersError, MessageTooLargeError } from '../errors.ts'
export { BadSignatureError } from '../protocol/errors.ts'

/** A frame is truncated, not valid protobuf, or lacks a required field. */
export class MalformedUpdateError extends Error {
  static name = 'MalformedUpdateError'
  constructor (message = 'Malformed update') {
    super(message)
    this.name = 'MalformedUpdateError'
  }
}

/** The update is for another task, or for a round other than the open one. */
export class WrongRoundError extends Error {
  static name = 'WrongRoundError'
  constructor (message = 'Update is for another round') {
    super(message)
    this.name = 'WrongRoundError'
  }
}

/** The update was computed from a base model other than the round's. */
export class WrongBaseModelError extends Error {
  static name = 'WrongBaseModelError'
  constructor (message = 'Update is against another base model') {
    super(message)
    this.name = 'WrongBaseModelError'
  }
}

/** The same signed update was seen before, or the node already sent one this round. */
export class ReplayedUpdateError extends Error {
  static name = 'ReplayedUpdateError'
  constructor (message = 'Replayed update') {
    super(message)
    this.name = 'ReplayedUpdateError'
  }
}

/** The sender was not selected for this round. */
export class NotSelectedError extends Error {
  static name = 'NotSelectedError'
  constructor (message = 'Sender is not a participant of this round') {
    super(message)
    this.name = 'NotSelectedError'
  }
}

/**
 * The update does not fit the model: wrong dimension, k over the limit, indices out of
 * range or not strictly increasing, value bytes of the wrong length.
 */
export class WrongShapeError extends Error {
  static name = 'WrongShapeError'
  constructor (message = 'Update has the wrong shape') {
    super(message)
    this.name = 'WrongShapeError'
  }
}

/** The update holds NaN or ±Infinity. */
export class NonFiniteUpdateError extends Error {
  static name = 'NonFiniteUpdateError'
  constructor (message = 'Update holds a non-finite value') {
    super(message)
    this.name = 'NonFiniteUpdateError'
  }
}

/** The update's L2 norm exceeds the round's clip bound. */
export class NormBoundError extends Error {
  static name = 'NormBoundError'
  readonly norm: number
  readonly bound: number
  constructor (norm: number, bound: number, message = `Update norm ${norm.toPrecision(4)} exceeds the bound ${bound}`) {
    super(message)
    this.name = 'NormBoundError'
    this.norm = norm
    this.bound = bound
  }
}

/** The update claims no samples, or more than the task allows one node. */
export class SampleCountError extends Error {
  static name = 'SampleCountError'
  constructor (message = 'Update claims an impossible sample count') {
    super(message)
    this.name = 'SampleCountError'
  }
}

/** The round is not accepting updates (not announced yet, or already aggregating). */
export class RoundClosedError extends Error {
  static name = 'RoundClosedError'
  constructor (message = 'The round is not open') {
    super(message)
    this.name = 'RoundClosedError'
  }
}

/** A model chunk does not match its content id or Merkle proof. */
export class ChunkVerificationError extends Error {
  static name = 'ChunkVerificationError'
  constructor (message = 'Chunk does not match its proof') {
    super(message)
    this.name = 'ChunkVerificationError'
  }
}

/** A round announce or commit is malformed or not from the expected coordinator. */
export class InvalidAnnounceError extends Error {
  static name = 'InvalidAnnounceError'
  constructor (message = 'Invalid round announce') {
    super(message)
    this.name = 'InvalidAnnounceError'
  }
}

/** A round was asked to commit with fewer valid updates than its task's minimum. */
export class NotEnoughUpdatesError extends Error {
  static name = 'NotEnoughUpdatesError'
  readonly accepted: number
  readonly needed: number
  constructor (accepted: number, needed: number, message = `Round has ${accepted} valid updates, needs ${needed}`) {
    super(message)
    this.name = 'NotEnoughUpdatesError'
    this.accepted = accepted
    this.needed = needed
  }
}

/** An operation was called in the wrong phase of the round (e.g. announce while one is open). */
export class RoundPhaseError extends Error {
  static name = 'RoundPhaseError'
  constructor (message = 'Wrong round phase') {
    super(message)
    this.name = 'RoundPhaseError'
  }
}

/** Every reason an aggregator may refuse an update, in the order `/api/rounds` lists them. */
export const REJECTION_REASONS = [
  'BadSignatureError',
  'WrongRoundError',
  'WrongBaseModelError',
  'ReplayedUpdateError',
  'NotSelectedError',
  'MessageTooLargeError',
  'MalformedUpdateError',
  'WrongShapeError',
  'NonFiniteUpdateError',
  'NormBoundError',
  'SampleCountError',
  'RoundClosedError'
] as const

export type RejectionReason = typeof REJECTION_REASONS[number]

/** Per-reason rejection counters, every reason present (0 when none). */
export type RejectionCounts = Record<RejectionReason, number>

export function emptyRejectionCounts (): RejectionCounts {
  return Object.fromEntries(REJECTION_REASONS.map(r => [r, 0])) as RejectionCounts
}

/** The reason for `err` if it is one of ours, else `MalformedUpdateError` (an unexpected throw while decoding). */
export function rejectionReason (err: unknown): RejectionReason {
  const name = (err as { name?: unknown } | null)?.name
  return (REJECTION_REASONS as readonly unknown[]).includes(name) ? name as RejectionReason : 'MalformedUpdateError'
}
