/**
 * The seed's reward multipliers, in basis points (10,000 = 1x). Each is a step table or a ramp
 * with the seed's maximum: GPU compute up to 2.5x, uptime > 99.9 % up to 1.5x, bandwidth
 * > 1 Gbps up to 1.3x, latency < 50 ms up to 1.2x; lockup bonus 6 months +20 %, 1 year +50 %.
 */
export const BPS = 10_000n

/** Compute: 1x + 1.5x × min(1, measured / reference) → at most 2.5x. */
export const MAX_COMPUTE_MULTIPLIER_BPS = 25_000n

/**
 * Training throughput (samples/s on the reference task, the paper CNN at batch 50) that earns
 * the full compute multiplier: about what tfjs WebGPU reaches on a data-center GPU (shared/TOOLCHAIN.md).
 * @default 2,700
 */
export const DEFAULT_REFERENCE_SAMPLES_PER_SECOND = 2_700

/** Uptime in parts per million, strictly above the bound → multiplier. */
export const UPTIME_STEPS: ReadonlyArray<readonly [number, bigint]> = [
  [999_000, 15_000n], // > 99.9 %
  [990_000, 12_500n], // > 99 %
  [950_000, 11_000n] // > 95 %
]

/** Bandwidth in Mbps, strictly above the bound → multiplier. */
export const BANDWIDTH_STEPS: ReadonlyArray<readonly [number, bigint]> = [
  [1_000, 13_000n], // > 1 Gbps
  [100, 11_500n],
  [10, 10_500n]
]

/** Latency in ms, strictly below the bound → multiplier. */
export const LATENCY_STEPS: ReadonlyArray<readonly [number, bigint]> = [
  [50, 12_000n], // < 50 ms
  [100, 11_000n],
  [200, 10_500n]
]

export const DAY_SECONDS = 24 * 60 * 60

/** Lock of at least this many seconds → bonus (mirrors Staking.sol's defaults). */
export const LOCKUP_STEPS: ReadonlyArray<readonly [number, bigint]> = [
  [365 * DAY_SECONDS, 15_000n], // 1 year: +50 %
  [180 * DAY_SECONDS, 12_000n] // 6 months: +20 %
]

/** The Solidity leaf types of a reward leaf (RewardDistributor.sol). */
export const REWARD_LEAF_TYPES = ['address', 'uint256'] as const
