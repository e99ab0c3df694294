import {
  BANDWIDTH_STEPS, BPS, DEFAULT_REFERENCE_SAMPLES_PER_SECOND, LATENCY_STEPS, LOCKUP_STEPS,
  MAX_COMPUTE_MULTIPLIER_BPS, UPTIME_STEPS
} from './constants.ts'
import { InvalidParametersError } from './errors.ts'

/** What the network measured about a node's hardware and link, plus its stake lock. */
export interface NodeCapabilities {
  /** Measured training throughput on the reference task, samples/s. */
  computeSamplesPerSecond: number
  /** Fraction of the epoch the node was reachable, 0..1. */
  uptime: number
  /** Measured bandwidth to its relay, Mbps. */
  bandwidthMbps: number
  /** Measured round-trip latency to its relay, ms. */
  latencyMs: number
  /** Lock duration of its stake in seconds (0 or absent: no bonus). @default 0 */
  lockSeconds?: number
}

export interface MultiplierInit {
  /** Throughput that earns the full 2.5x. @default 2,700 samples/s */
  referenceSamplesPerSecond?: number
}

export interface MultiplierBreakdown {
  compute: bigint
  uptime: bigint
  bandwidth: bigint
  latency: bigint
  lockup: bigint
  /** Product of the five, in bps, rounded down after each factor. */
  total: bigint
}

function nonNegative (name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new InvalidParametersError(`${name} must be a finite non-negative number, got ${value}`)
  return value
}

/** 10,000 + 15,000 × min(1, measured / reference), rounded down. */
export function computeMultiplierBps (samplesPerSecond: number, reference = DEFAULT_REFERENCE_SAMPLES_PER_SECOND): bigint {
  nonNegative('computeSamplesPerSecond', samplesPerSecond)
  if (!(reference > 0) || !Number.isFinite(reference)) throw new InvalidParametersError('reference throughput must be positive')
  const ratioPpm = BigInt(Math.round(Math.min(samplesPerSecond / reference, 1) * 1_000_000))
  return BPS + ((MAX_COMPUTE_MULTIPLIER_BPS - BPS) * ratioPpm) / 1_000_000n
}

export function uptimeMultiplierBps (uptime: number): bigint {
  if (!Number.isFinite(uptime) || uptime < 0 || uptime > 1) throw new InvalidParametersError(`uptime must be within 0..1, got ${uptime}`)
  const ppm = Math.round(uptime * 1_000_000)
  for (const [above, bps] of UPTIME_STEPS) if (ppm > above) return bps
  return BPS
}

export function bandwidthMultiplierBps (mbps: number): bigint {
  nonNegative('bandwidthMbps', mbps)
  for (const [above, bps] of BANDWIDTH_STEPS) if (mbps > above) return bps
  return BPS
}

export function latencyMultiplierBps (ms: number): bigint {
  nonNegative('latencyMs', ms)
  for (const [below, bps] of LATENCY_STEPS) if (ms < below) return bps
  return BPS
}

/** The lockup bonus: 1.5x for a lock of a year or more, 1.2x for six months (180 days), else 1x. */
export function lockupBonusBps (lockSeconds = 0): bigint {
  nonNegative('lockSeconds', lockSeconds)
  for (const [atLeast, bps] of LOCKUP_STEPS) if (lockSeconds >= atLeast) return bps
  return BPS
}

export function rewardMultiplier (caps: NodeCapabilities, init: MultiplierInit = {}): MultiplierBreakdown {
  const compute = computeMultiplierBps(caps.computeSamplesPerSecond, init.referenceSamplesPerSecond)
  const uptime = uptimeMultiplierBps(caps.uptime)
  const bandwidth = bandwidthMultiplierBps(caps.bandwidthMbps)
  const latency = latencyMultiplierBps(caps.latencyMs)
  const lockup = lockupBonusBps(caps.lockSeconds)
  let total = BPS
  for (const m of [compute, uptime, bandwidth, latency, lockup]) total = (total * m) / BPS
  return { compute, uptime, bandwidth, latency, lockup, total }
}
