/** Basis points: 10,000 = 100 % (or a 1x multiplier). */
export const BPS = 10_000

/** Highest reputation score (basis points of a perfect contribution). */
export const MAX_SCORE = 10_000

/** Samples in an epoch that count as a full volume contribution. @default 60,000 */
export const DEFAULT_TARGET_SAMPLES = 60_000

/**
 * Weights of the four measured components in the epoch score, in basis points summing to 10,000:
 * acceptance ratio of submitted updates, sample volume, update quality, uptime.
 */
export const DEFAULT_SCORE_WEIGHTS = { acceptance: 2_500, volume: 2_500, quality: 2_500, uptime: 2_500 } as const

/** Weight of the newest epoch in the running reputation (exponential moving average), bps. @default 3,000 */
export const DEFAULT_REPUTATION_ALPHA_BPS = 3_000

/**
 * Reputation tiers by running score: tier 1 from 2,500, tier 2 from 5,000, tier 3 from 8,000
 * (tier 0 below). The ReputationRegistry stores the tier; VainGovernor scales votes by it.
 */
export const REPUTATION_TIER_THRESHOLDS = [2_500, 5_000, 8_000] as const

/** One VAIN in wei (18 decimals). */
export const VAIN = 10n ** 18n

/** Staking tiers by staked amount, mirroring Staking.sol: entry, validator, supernode. */
export const STAKE_TIER_THRESHOLDS = [10_000n * VAIN, 100_000n * VAIN, 1_000_000n * VAIN] as const

/** The Solidity leaf types of a reputation leaf (ReputationRegistry.sol). */
export const REPUTATION_LEAF_TYPES = ['address', 'uint256', 'uint8'] as const
