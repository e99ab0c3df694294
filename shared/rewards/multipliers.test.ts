import { describe, expect, it } from 'vitest'
import { DAY_SECONDS } from './constants.ts'
import {
  bandwidthMultiplierBps, computeMultiplierBps, latencyMultiplierBps, lockupBonusBps, rewardMultiplier, uptimeMultiplierBps
} from './multipliers.ts'

describe('the seed multipliers', () => {
  it('ramps compute linearly to 2.5x at the reference throughput and no further', () => {
    expect(computeMultiplierBps(0)).toBe(10_000n)
    expect(computeMultiplierBps(1_350)).toBe(17_500n)
    expect(computeMultiplierBps(2_700)).toBe(25_000n)
    expect(computeMultiplierBps(100_000)).toBe(25_000n)
    expect(computeMultiplierBps(50, 100)).toBe(17_500n)
  })

  it('pays 1.5x only for uptime strictly above 99.9 %', () => {
    expect(uptimeMultiplierBps(0.999)).toBe(12_500n)
    expect(uptimeMultiplierBps(0.9991)).toBe(15_000n)
    expect(uptimeMultiplierBps(1)).toBe(15_000n)
    expect(uptimeMultiplierBps(0.95)).toBe(10_000n)
    expect(uptimeMultiplierBps(0.951)).toBe(11_000n)
  })

  it('pays 1.3x only for bandwidth above 1 Gbps and 1.2x only for latency below 50 ms', () => {
    expect(bandwidthMultiplierBps(1_000)).toBe(11_500n)
    expect(bandwidthMultiplierBps(1_000.5)).toBe(13_000n)
    expect(bandwidthMultiplierBps(5)).toBe(10_000n)
    expect(latencyMultiplierBps(50)).toBe(11_000n)
    expect(latencyMultiplierBps(49.9)).toBe(12_000n)
    expect(latencyMultiplierBps(500)).toBe(10_000n)
  })

  it('gives +20 % for a six-month lock and +50 % for a year, not a second less', () => {
    expect(lockupBonusBps(30 * DAY_SECONDS)).toBe(10_000n)
    expect(lockupBonusBps(180 * DAY_SECONDS - 1)).toBe(10_000n)
    expect(lockupBonusBps(180 * DAY_SECONDS)).toBe(12_000n)
    expect(lockupBonusBps(365 * DAY_SECONDS - 1)).toBe(12_000n)
    expect(lockupBonusBps(365 * DAY_SECONDS)).toBe(15_000n)
  })

  it('multiplies everything: the best node earns 2.5 × 1.5 × 1.3 × 1.2 × 1.5 = 8.775x', () => {
    const best = rewardMultiplier({ computeSamplesPerSecond: 3_000, uptime: 1, bandwidthMbps: 2_000, latencyMs: 10, lockSeconds: 400 * DAY_SECONDS })
    expect(best.total).toBe(87_750n)
    const plain = rewardMultiplier({ computeSamplesPerSecond: 0, uptime: 0.5, bandwidthMbps: 1, latencyMs: 300 })
    expect(plain.total).toBe(10_000n)
  })

  it('refuses negative or non-finite measurements', () => {
    expect(() => bandwidthMultiplierBps(-1)).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => latencyMultiplierBps(Number.NaN)).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => uptimeMultiplierBps(1.01)).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
  })
})
