/**
 * Aggregation of validated updates (DESIGN.md §3 step 5).
 *
 * - `FedAvgAccumulator`: streaming sample-weighted FedAvg. Each update is added into one
 *   Float32Array as it arrives (sparse: only its k coordinates), so memory stays at one model
 *   whatever the number of participants; `finish` divides by the total samples and applies
 *   the server learning rate: w' = w + η · Σ nₖ Δₖ / Σ nₖ.
 * - `robustAggregate`: coordinate-wise median or trimmed mean of the (densified) updates,
 *   unweighted, for tasks that expect some poisoned updates; holds all m updates in memory.
 *
 * The accumulate loops are written by hand on purpose: they are the relay's hot path
 * (bench/aggregate.ts), a 64K fp16 table lookup per value is the fastest decode in JS, and
 * no library adds scaled sparse fp16 into a Float32Array.
 */
import { InvalidParametersError } from '../errors.ts'
import type { CompressedUpdate } from './compression.ts'
import { fp16Table } from './fp16.ts'
import { WrongShapeError } from './update-errors.ts'

/** Anything with values (fp16 or fp32, sparse or dense) and a sample count. */
export interface WeightedUpdate extends CompressedUpdate {
  samples: number
}

export type AggregatorName = 'fedavg' | 'trimmed-mean' | 'median'

export class FedAvgAccumulator {
  readonly dimension: number
  /** Σ nₖ Δₖ */
  readonly sum: Float32Array
  /** Σ nₖ */
  totalSamples = 0
  /** updates added */
  count = 0

  constructor (dimension: number) {
    if (!Number.isInteger(dimension) || dimension < 1) throw new InvalidParametersError(`dimension must be a positive integer, got ${dimension}`)
    this.dimension = dimension
    this.sum = new Float32Array(dimension)
  }

  /** Adds `update` with weight `update.samples` (or `weight` when given). */
  add (update: CompressedUpdate & { samples?: number }, weight: number = update.samples ?? 1): void {
    if (update.dimension !== this.dimension) throw new WrongShapeError(`update has dimension ${update.dimension}, the accumulator ${this.dimension}`)
    if (!(weight > 0) || !Number.isFinite(weight)) throw new InvalidParametersError(`weight must be positive, got ${weight}`)
    const acc = this.sum
    const w = weight
    if (update.fp16 != null) {
      const t = fp16Table()
      const bits = update.fp16
      const n = bits.length
      if (update.indices != null) {
        const idx = update.indices
        if (idx.length !== n) throw new WrongShapeError('one index per value')
        for (let i = 0; i < n; i++) acc[idx[i]] += w * t[bits[i]]
      } else {
        if (n !== this.dimension) throw new WrongShapeError(`${n} values for dimension ${this.dimension}`)
        for (let i = 0; i < n; i++) acc[i] += w * t[bits[i]]
      }
    } else if (update.fp32 != null) {
      const v = update.fp32
      const n = v.length
      if (update.indices != null) {
        const idx = update.indices
        if (idx.length !== n) throw new WrongShapeError('one index per value')
        for (let i = 0; i < n; i++) acc[idx[i]] += w * v[i]
      } else {
        if (n !== this.dimension) throw new WrongShapeError(`${n} values for dimension ${this.dimension}`)
        for (let i = 0; i < n; i++) acc[i] += w * v[i]
      }
    } else {
      throw new InvalidParametersError('update has no values')
    }
    this.totalSamples += weight
    this.count++
  }

  /** The weighted mean delta Σ nₖ Δₖ / Σ nₖ (a new array). */
  mean (): Float32Array {
    if (this.count === 0) throw new InvalidParametersError('no updates to average')
    const out = new Float32Array(this.dimension)
    const inv = 1 / this.totalSamples
    for (let i = 0; i < out.length; i++) out[i] = this.sum[i] * inv
    return out
  }

  /** The new global model: base + serverLr · mean (a new array). */
  finish (base: Float32Array, serverLr = 1): Float32Array {
    return applyServerUpdate(base, this.mean(), serverLr)
  }
}

/** base + serverLr · delta, a new array. */
export function applyServerUpdate (base: Float32Array, delta: Float32Array, serverLr = 1): Float32Array {
  if (base.length !== delta.length) throw new WrongShapeError(`base has ${base.length} values, delta ${delta.length}`)
  if (!(serverLr > 0) || !Number.isFinite(serverLr)) throw new InvalidParametersError(`serverLr must be positive, got ${serverLr}`)
  const out = new Float32Array(base.length)
  for (let i = 0; i < out.length; i++) out[i] = base[i] + serverLr * delta[i]
  return out
}

export interface RobustInit {
  aggregator: 'trimmed-mean' | 'median'
  /** share of updates dropped at each end per coordinate (trimmed mean) @default 0.1 */
  trim?: number
}

/**
 * Coordinate-wise median or trimmed mean of dense deltas (unweighted: robust aggregators
 * must not let one node buy weight with a claimed sample count).
 */
export function robustAggregate (deltas: Float32Array[], init: RobustInit): Float32Array {
  const m = deltas.length
  if (m === 0) throw new InvalidParametersError('no updates to aggregate')
  const dim = deltas[0].length
  for (const d of deltas) if (d.length !== dim) throw new WrongShapeError('updates of different dimensions')
  const trim = init.trim ?? 0.1
  if (!(trim >= 0 && trim < 0.5)) throw new InvalidParametersError(`trim must be in [0, 0.5), got ${trim}`)
  const drop = init.aggregator === 'median' ? 0 : Math.floor(m * trim)
  const out = new Float32Array(dim)
  const column = new Float32Array(m)
  for (let j = 0; j < dim; j++) {
    for (let i = 0; i < m; i++) column[i] = deltas[i][j]
    column.sort()
    if (init.aggregator === 'median') {
      out[j] = (m & 1) === 1 ? column[m >> 1] : (column[m / 2 - 1] + column[m / 2]) / 2
    } else {
      let s = 0
      for (let i = drop; i < m - drop; i++) s += column[i]
      out[j] = s / (m - 2 * drop)
    }
  }
  return out
}
