/**
 * Reputation from measured contribution. Everything that leaves this file is an integer, so the
 * relay, the browser and the contracts agree to the unit: fractions are rounded to basis points
 * once, at the edge, and all further arithmetic is on integers.
 */
import {
  BPS, DEFAULT_REPUTATION_ALPHA_BPS, DEFAULT_SCORE_WEIGHTS, DEFAULT_TARGET_SAMPLES, MAX_SCORE,
  REPUTATION_TIER_THRESHOLDS, STAKE_TIER_THRESHOLDS
} from './constants.ts'
import { InvalidParametersError } from './errors.ts'

/** What the aggregators measured about one node during one epoch. */
export interface Contribution {
  /** Updates the aggregator accepted. */
  acceptedUpdates: number
  /** Updates it rejected (malformed, replayed, late, out of bounds). @default 0 */
  rejectedUpdates?: number
  /** Training samples behind the accepted updates. */
  samples: number
  /** Mean quality of the accepted updates, 0..1 (from the aggregator's scoring). */
  quality: number
  /** Fraction of the epoch the node was reachable, 0..1. */
  uptime: number
}

export interface ScoreWeights {
  acceptance: number
  volume: number
  quality: number
  uptime: number
}

export interface ScoreInit {
  /** Samples that make a full volume component. @default 60,000 */
  targetSamples?: number
  /** Component weights in bps, summing to 10,000. @default 2,500 each */
  weights?: ScoreWeights
}

/** The four components of a score, each in basis points (0..10,000). */
export interface ScoreComponents {
  acceptance: number
  volume: number
  quality: number
  uptime: number
}

export type Tier = 0 | 1 | 2 | 3

function count (name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidParametersError(`${name} must be a non-negative integer, got ${value}`)
  return value
}

/** A fraction 0..1 rounded to basis points. */
export function fractionToBps (name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new InvalidParametersError(`${name} must be within 0..1, got ${value}`)
  return Math.round(value * BPS)
}

export function scoreComponents (c: Contribution, init: ScoreInit = {}): ScoreComponents {
  const accepted = count('acceptedUpdates', c.acceptedUpdates)
  const rejected = count('rejectedUpdates', c.rejectedUpdates ?? 0)
  const samples = count('samples', c.samples)
  const target = count('targetSamples', init.targetSamples ?? DEFAULT_TARGET_SAMPLES)
  if (target === 0) throw new InvalidParametersError('targetSamples must be positive')
  const submitted = accepted + rejected
  return {
    acceptance: submitted === 0 ? 0 : Math.floor((accepted * BPS) / submitted),
    volume: Math.floor((Math.min(samples, target) * BPS) / target),
    quality: fractionToBps('quality', c.quality),
    uptime: fractionToBps('uptime', c.uptime)
  }
}

/**
 * The epoch score, 0..10,000:
 *   floor((wA·acceptance + wV·volume + wQ·quality + wU·uptime) / 10,000)
 * with acceptance = accepted / (accepted + rejected), volume = min(samples, target) / target,
 * quality and uptime as measured (all in bps). A node with no accepted update scores 0, whatever
 * its uptime: being online without contributing earns no reputation.
 */
export function epochScore (c: Contribution, init: ScoreInit = {}): number {
  const w = init.weights ?? DEFAULT_SCORE_WEIGHTS
  for (const v of [w.acceptance, w.volume, w.quality, w.uptime]) count('weight', v)
  if (w.acceptance + w.volume + w.quality + w.uptime !== BPS) throw new InvalidParametersError('score weights must sum to 10,000 bps')
  const s = scoreComponents(c, init)
  if (c.acceptedUpdates === 0) return 0
  return Math.floor((w.acceptance * s.acceptance + w.volume * s.volume + w.quality * s.quality + w.uptime * s.uptime) / BPS)
}

/**
 * The running reputation after an epoch: an exponential moving average,
 *   floor((previous · (10,000 − alpha) + epochScore · alpha) / 10,000),
 * so one good epoch cannot buy a top tier and one bad epoch does not erase a history.
 */
export function nextReputation (previous: number, score: number, alphaBps = DEFAULT_REPUTATION_ALPHA_BPS): number {
  for (const [name, v] of [['previous', previous], ['score', score]] as const) {
    if (count(name, v) > MAX_SCORE) throw new InvalidParametersError(`${name} must be at most ${MAX_SCORE}`)
  }
  if (count('alphaBps', alphaBps) > BPS) throw new InvalidParametersError('alphaBps must be at most 10,000')
  return Math.floor((previous * (BPS - alphaBps) + score * alphaBps) / BPS)
}

/** Reputation tier of a running score: 0 below 2,500, 1 from 2,500, 2 from 5,000, 3 from 8,000. */
export function reputationTier (score: number, thresholds: readonly number[] = REPUTATION_TIER_THRESHOLDS): Tier {
  count('score', score)
  let tier = 0
  for (const t of thresholds) if (score >= t) tier++
  return tier as Tier
}

/** Staking tier of a staked amount in wei, as Staking.tierOf computes it. */
export function stakeTier (stakedWei: bigint, thresholds: readonly bigint[] = STAKE_TIER_THRESHOLDS): Tier {
  if (stakedWei < 0n) throw new InvalidParametersError('stake must be non-negative')
  let tier = 0
  for (const t of thresholds) if (stakedWei >= t) tier++
  return tier as Tier
}
