import { describe, expect, it } from 'vitest'
import { DAY_SECONDS } from './constants.ts'
import { computeEpochRewards } from './epoch.ts'
import type { NodeEpochCounters } from './epoch.ts'
import { accountFor, syntheticEpoch } from './test-fixtures.ts'

const base: Omit<NodeEpochCounters, 'peerId' | 'account'> = {
  acceptedUpdates: 5, samples: 1_000, quality: 1, uptime: 0.5, computeSamplesPerSecond: 0, bandwidthMbps: 1, latencyMs: 300
}
const node = (i: number, over: Partial<NodeEpochCounters> = {}): NodeEpochCounters => ({ ...base, peerId: `p${i}`, account: accountFor(i), ...over })

describe('computeEpochRewards', () => {
  it('splits the emission in proportion to quality-weighted samples', () => {
    const r = computeEpochRewards([node(1), node(2, { samples: 3_000 }), node(3, { quality: 0.5 })], { emission: 9_000n })
    expect(r.map(x => x.amount)).toEqual([2_000n, 6_000n, 1_000n])
  })

  it('applies the multipliers and the lockup bonus', () => {
    const r = computeEpochRewards([
      node(1),
      node(2, { lockSeconds: 365 * DAY_SECONDS }),
      node(3, { uptime: 1, latencyMs: 10 })
    ], { emission: 37_000n })
    // weights 1 : 1.5 : 1.5 × 1.2 = 1.8 → 10,000 : 15,000 : 18,000 of 43,000 → amounts ∝ 10 : 15 : 18
    expect(r.map(x => x.amount)).toEqual([8_605n, 12_907n, 15_488n])
    expect(r[2].multiplier.total).toBe(18_000n)
  })

  it('pays exactly the emission, to the wei, with odd amounts and 1,000 nodes', () => {
    const nodes = syntheticEpoch(1_000)
    for (const emission of [1n, 999n, 123_456_789_012_345_678_901n, 10n ** 24n + 7n]) {
      const r = computeEpochRewards(nodes, { emission })
      expect(r.reduce((s, x) => s + x.amount, 0n)).toBe(emission)
    }
  })

  it('pays nothing to nodes with no accepted update, and nothing at all when nobody contributed', () => {
    const r = computeEpochRewards([node(1), node(2, { acceptedUpdates: 0 })], { emission: 1_001n })
    expect(r.map(x => x.amount)).toEqual([1_001n, 0n])
    const none = computeEpochRewards([node(1, { acceptedUpdates: 0 })], { emission: 1_000n })
    expect(none[0].amount).toBe(0n)
  })

  it('is deterministic: the same counters in another order give each peer the same amount', () => {
    const nodes = syntheticEpoch(200, 11)
    const a = new Map(computeEpochRewards(nodes, { emission: 10n ** 21n + 3n }).map(x => [x.peerId, x.amount]))
    const b = new Map(computeEpochRewards([...nodes].reverse(), { emission: 10n ** 21n + 3n }).map(x => [x.peerId, x.amount]))
    expect(b).toEqual(a)
  })

  it('refuses a peer listed twice and a negative emission', () => {
    expect(() => computeEpochRewards([node(1), node(1)], { emission: 1n })).toThrow(expect.objectContaining({ name: 'DuplicatePeerError' }))
    expect(() => computeEpochRewards([node(1)], { emission: -1n })).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
  })
})
