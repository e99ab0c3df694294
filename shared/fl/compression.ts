/**
 * Update protection on the client (DESIGN.md §3 step 4): clip the delta to an L2 bound, add
 * the error-feedback residual, keep the top-k magnitudes, quantise them to fp16, and keep
 * everything not sent — the coordinates left out *and* the fp16 rounding error — in the
 * residual for the next round. So over any number of rounds
 *
 *     Σ sent + final residual = Σ clipped deltas   (up to float32 rounding)
 *
 * and nothing is lost, only delayed (Stich et al. 2018; Karimireddy et al. 2019).
 * The sent vector is also held under the clip bound (the excess stays in the residual), so
 * an honest update never fails the aggregator's norm check.
 */
import { InvalidParametersError } from '../errors.ts'
import { FP16_MAX, fp16Table, toFloat16Bits } from './fp16.ts'
import { topKCount, topKIndices } from './sparse.ts'
import { NonFiniteUpdateError, WrongShapeError } from './update-errors.ts'

/** Seed default: send the top 1 % of coordinates. */
export const DEFAULT_TOP_K_FRACTION = 0.01
/** Adaptive top-k stays within 1 %–30 % (seed). */
export const DEFAULT_MIN_TOP_K_FRACTION = 0.01
export const DEFAULT_MAX_TOP_K_FRACTION = 0.3

/** How values travel: top-k fp16 (default), every value fp16, or every value fp32 (baseline). */
export type UpdateEncodingName = 'sparse-fp16' | 'dense-fp16' | 'dense-fp32'

export interface CompressInit {
  /** @default 'sparse-fp16' */
  encoding?: UpdateEncodingName
  /** share of coordinates sent by 'sparse-fp16' @default DEFAULT_TOP_K_FRACTION */
  fraction?: number
  /** L2 bound on the delta and on what is sent; Infinity for none */
  clipNorm: number
  /** keep what is not sent for the next round @default true */
  errorFeedback?: boolean
}

/** What a client sends: sparse (indices set) or dense (indices null) values. */
export interface CompressedUpdate {
  encoding: UpdateEncodingName
  dimension: number
  /** ascending; null when dense */
  indices: Uint32Array | null
  /** binary16 bits of the values ('sparse-fp16', 'dense-fp16') */
  fp16: Uint16Array | null
  /** the values ('dense-fp32') */
  fp32: Float32Array | null
}

export interface CompressStats {
  /** L2 norm of the delta before clipping */
  deltaNorm: number
  /** factor the delta was scaled by (1: not clipped) */
  clipScale: number
  /** number of values sent */
  count: number
  /** L2 norm of what is sent, as the aggregator decodes it */
  sentNorm: number
  /** L2 norm of the new residual */
  residualNorm: number
}

export interface CompressResult {
  update: CompressedUpdate
  /** the residual to keep for the next round (a new array; zeros without error feedback) */
  residual: Float32Array
  stats: CompressStats
}

/** L2 norm, accumulated in float64. */
export function l2Norm (values: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < values.length; i++) s += values[i] * values[i]
  return Math.sqrt(s)
}

/** Factor that brings a vector of L2 norm `norm` within `bound` (1 when it already is). */
export function clipScale (norm: number, bound: number): number {
  return norm > bound && norm > 0 ? bound / norm : 1
}

function checkDelta (delta: Float32Array, residual: Float32Array | undefined): void {
  if (!(delta instanceof Float32Array) || delta.length === 0) throw new InvalidParametersError('delta must be a non-empty Float32Array')
  if (residual != null && residual.length !== delta.length) throw new WrongShapeError(`residual has ${residual.length} values, delta ${delta.length}`)
  for (let i = 0; i < delta.length; i++) {
    if (delta[i] - delta[i] !== 0) throw new NonFiniteUpdateError(`delta holds a non-finite value at index ${i}`)
  }
}

/**
 * Clips, adds the residual, sparsifies and quantises `delta` (w_local − w_base). Pure: `delta`
 * and `residual` are not modified; the new residual is returned.
 */
export function compressDelta (delta: Float32Array, residual: Float32Array | undefined, init: CompressInit): CompressResult {
  checkDelta(delta, residual)
  const encoding = init.encoding ?? 'sparse-fp16'
  const errorFeedback = init.errorFeedback ?? true
  const bound = init.clipNorm
  if (!(bound > 0)) throw new InvalidParametersError(`clipNorm must be positive, got ${bound}`)
  const dimension = delta.length

  const deltaNorm = l2Norm(delta)
  const scale = clipScale(deltaNorm, bound)
  // acc = residual + clipped delta: what this node owes the model
  const acc = new Float32Array(dimension)
  if (errorFeedback && residual != null) {
    for (let i = 0; i < dimension; i++) acc[i] = residual[i] + scale * delta[i]
  } else {
    for (let i = 0; i < dimension; i++) acc[i] = scale * delta[i]
  }

  const indices = encoding === 'sparse-fp16' ? topKIndices(acc, topKCount(dimension, init.fraction ?? DEFAULT_TOP_K_FRACTION)) : null
  const count = indices?.length ?? dimension
  const picked = new Float32Array(count)
  if (indices != null) for (let i = 0; i < count; i++) picked[i] = acc[indices[i]]
  else picked.set(acc)

  // what is sent stays under the bound, with room for fp16 rounding (relative 2^-11)
  const target = bound * (1 - 1 / 1024)
  const pickedNorm = l2Norm(picked)
  if (pickedNorm > target) {
    const s = target / pickedNorm
    for (let i = 0; i < count; i++) picked[i] *= s
  }

  let fp16: Uint16Array | null = null
  let fp32: Float32Array | null = null
  let sent: Float32Array
  if (encoding === 'dense-fp32') {
    fp32 = picked
    sent = picked
  } else {
    fp16 = new Uint16Array(count)
    sent = new Float32Array(count)
    const table = fp16Table()
    for (let i = 0; i < count; i++) {
      const v = picked[i]
      const bits = toFloat16Bits(v > FP16_MAX ? FP16_MAX : v < -FP16_MAX ? -FP16_MAX : v)
      fp16[i] = bits
      sent[i] = table[bits]
    }
  }

  // the new residual: acc minus exactly what the aggregator will decode
  let next: Float32Array
  if (errorFeedback) {
    next = acc
    if (indices != null) for (let i = 0; i < count; i++) next[indices[i]] -= sent[i]
    else for (let i = 0; i < count; i++) next[i] -= sent[i]
  } else {
    next = new Float32Array(dimension)
  }

  return {
    update: { encoding, dimension, indices, fp16, fp32 },
    residual: next,
    stats: { deltaNorm, clipScale: scale, count, sentNorm: l2Norm(sent), residualNorm: errorFeedback ? l2Norm(next) : 0 }
  }
}

export interface AdaptFractionInit {
  current: number
  /** @default DEFAULT_MIN_TOP_K_FRACTION */
  min?: number
  /** @default DEFAULT_MAX_TOP_K_FRACTION */
  max?: number
  /** the last round's stats */
  stats: Pick<CompressStats, 'residualNorm' | 'sentNorm'>
  /** grow when the residual is more than this many times what was sent @default 4 */
  growAbove?: number
  /** shrink when the residual is less than this many times what was sent @default 1 */
  shrinkBelow?: number
  /** multiplicative step @default 1.5 */
  step?: number
}

/**
 * Next round's top-k fraction, a simple heuristic (not tuned by a benchmark yet): when the
 * residual piles up far beyond what each round sends, the node is falling behind its own
 * updates and sends more; when it stays small, it sends less. Clamped to [min, max].
 */
export function adaptTopKFraction (init: AdaptFractionInit): number {
  const min = init.min ?? DEFAULT_MIN_TOP_K_FRACTION
  const max = init.max ?? DEFAULT_MAX_TOP_K_FRACTION
  if (!(min > 0 && min <= max && max <= 1)) throw new InvalidParametersError(`need 0 < min ≤ max ≤ 1, got ${min}, ${max}`)
  const step = init.step ?? 1.5
  const ratio = init.stats.sentNorm > 0 ? init.stats.residualNorm / init.stats.sentNorm : 0
  let next = init.current
  if (ratio > (init.growAbove ?? 4)) next *= step
  else if (ratio < (init.shrinkBelow ?? 1)) next /= step
  return Math.min(max, Math.max(min, next))
}
