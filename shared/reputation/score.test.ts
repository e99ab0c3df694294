import { describe, expect, it } from 'vitest'
import { VAIN } from './constants.ts'
import { epochScore, nextReputation, reputationTier, scoreComponents, stakeTier } from './score.ts'

const full = { acceptedUpdates: 10, rejectedUpdates: 0, samples: 60_000, quality: 1, uptime: 1 }

function nameOf (fn: () => unknown): string | undefined {
  try { fn() } catch (err) { return (err as Error).name }
  return undefined
}

describe('epochScore', () => {
  it('gives a perfect contribution the full 10,000', () => {
    expect(epochScore(full)).toBe(10_000)
  })

  it('gives nothing to a node that was online but had no update accepted', () => {
    expect(epochScore({ ...full, acceptedUpdates: 0, rejectedUpdates: 3 })).toBe(0)
    expect(epochScore({ ...full, acceptedUpdates: 0, rejectedUpdates: 0 })).toBe(0)
  })

  it('weighs acceptance, volume, quality and uptime a quarter each', () => {
    // acceptance 3/4 = 7,500; volume 30k/60k = 5,000; quality 0.8 = 8,000; uptime 0.9 = 9,000
    const c = { acceptedUpdates: 3, rejectedUpdates: 1, samples: 30_000, quality: 0.8, uptime: 0.9 }
    expect(scoreComponents(c)).toEqual({ acceptance: 7_500, volume: 5_000, quality: 8_000, uptime: 9_000 })
    expect(epochScore(c)).toBe(7_375)
  })

  it('caps volume at the target and honours custom weights', () => {
    expect(scoreComponents({ ...full, samples: 1_000_000 }).volume).toBe(10_000)
    const weights = { acceptance: 0, volume: 10_000, quality: 0, uptime: 0 }
    expect(epochScore({ ...full, samples: 1_000 }, { targetSamples: 4_000, weights })).toBe(2_500)
  })

  it('refuses out-of-range measurements and weights that do not sum to 100 %', () => {
    expect(nameOf(() => epochScore({ ...full, quality: 1.2 }))).toBe('InvalidParametersError')
    expect(nameOf(() => epochScore({ ...full, uptime: -0.1 }))).toBe('InvalidParametersError')
    expect(nameOf(() => epochScore({ ...full, samples: 1.5 }))).toBe('InvalidParametersError')
    expect(nameOf(() => epochScore(full, { weights: { acceptance: 1, volume: 1, quality: 1, uptime: 1 } }))).toBe('InvalidParametersError')
  })
})

describe('nextReputation', () => {
  it('moves 30 % of the way to the epoch score', () => {
    expect(nextReputation(0, 10_000)).toBe(3_000)
    expect(nextReputation(8_000, 0)).toBe(5_600)
  })

  it('needs several perfect epochs to reach the top tier', () => {
    let r = 0
    const tiers: number[] = []
    for (let epoch = 0; epoch < 6; epoch++) {
      r = nextReputation(r, 10_000)
      tiers.push(reputationTier(r))
    }
    expect(tiers).toEqual([1, 2, 2, 2, 3, 3])
  })
})

describe('tiers', () => {
  it('puts reputation scores into tiers at 2,500 / 5,000 / 8,000', () => {
    expect([0, 2_499, 2_500, 4_999, 5_000, 7_999, 8_000, 10_000].map(s => reputationTier(s))).toEqual([0, 0, 1, 1, 2, 2, 3, 3])
  })

  it('puts stakes into tiers at exactly 10,000 / 100,000 / 1,000,000 VAIN', () => {
    expect(stakeTier(10_000n * VAIN - 1n)).toBe(0)
    expect(stakeTier(10_000n * VAIN)).toBe(1)
    expect(stakeTier(100_000n * VAIN - 1n)).toBe(1)
    expect(stakeTier(100_000n * VAIN)).toBe(2)
    expect(stakeTier(1_000_000n * VAIN - 1n)).toBe(2)
    expect(stakeTier(1_000_000n * VAIN)).toBe(3)
  })
})
