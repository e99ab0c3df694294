import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { describe, expect, it } from 'vitest'
import { peerRewardView } from './close-epoch.ts'
import { EpochLedger } from './ledger.ts'
import { accountFor } from './test-fixtures.ts'

const HOUR = 3_600

describe('EpochLedger', () => {
  it('turns what a relay saw during an epoch into counters', () => {
    const ledger = new EpochLedger({ epochSeconds: 24 * HOUR })
    ledger.setAccount('a', accountFor(1))
    ledger.recordUpdate('a', { accepted: true, samples: 600, quality: 0.9 })
    ledger.recordUpdate('a', { accepted: true, samples: 400, quality: 0.7 })
    ledger.recordUpdate('a', { accepted: false })
    ledger.recordOnline('a', 12 * HOUR)
    ledger.recordOnline('a', 6 * HOUR)
    ledger.recordLink('a', { bandwidthMbps: 100, latencyMs: 30 })
    ledger.recordLink('a', { bandwidthMbps: 300, latencyMs: 50 })
    ledger.recordCompute('a', 500)
    ledger.recordCompute('a', 900)
    const [c] = ledger.counters()
    expect(c).toMatchObject({
      peerId: 'a', account: accountFor(1), acceptedUpdates: 2, rejectedUpdates: 1, samples: 1_000,
      uptime: 0.75, bandwidthMbps: 200, latencyMs: 40, computeSamplesPerSecond: 900
    })
    expect(c.quality).toBeCloseTo(0.8, 12)
  })

  it('caps uptime at 100 % and gives an unmeasured link no bonus', () => {
    const ledger = new EpochLedger({ epochSeconds: HOUR })
    ledger.setAccount('a', accountFor(1))
    ledger.recordOnline('a', 2 * HOUR)
    const [c] = ledger.counters()
    expect(c.uptime).toBe(1)
    expect(c.bandwidthMbps).toBe(0)
    expect(c.latencyMs).toBeGreaterThan(1_000)
  })

  it('leaves out peers with no payout account, and names them', () => {
    const ledger = new EpochLedger({ epochSeconds: HOUR })
    ledger.recordUpdate('anon', { accepted: true, samples: 10 })
    ledger.setAccount('b', accountFor(2))
    ledger.recordUpdate('b', { accepted: true, samples: 10 })
    expect(ledger.counters().map(c => c.peerId)).toEqual(['b'])
    expect(ledger.peersWithoutAccount()).toEqual(['anon'])
  })

  it('closes into an epoch whose proofs verify and whose amounts sum to the emission', () => {
    const ledger = new EpochLedger({ epochSeconds: HOUR })
    for (let i = 0; i < 5; i++) {
      ledger.setAccount(`p${i}`, accountFor(i))
      ledger.recordUpdate(`p${i}`, { accepted: true, samples: 100 * (i + 1), quality: 1 })
      ledger.recordOnline(`p${i}`, HOUR)
    }
    const closed = ledger.close({ epoch: 3n, emission: 1_000_003n })
    expect(closed.rewards!.total).toBe(1_000_003n)
    const v = peerRewardView(closed, 'p4')
    expect(StandardMerkleTree.verify(closed.rewards!.root, ['address', 'uint256'], [v.account, v.amount], v.proof)).toBe(true)
    expect(v.amount).toBe(333_334n) // 500 of 1,500 weighted samples, plus the remainder wei
  })

  it('refuses bad measurements by error name', () => {
    const ledger = new EpochLedger({ epochSeconds: HOUR })
    expect(() => ledger.recordUpdate('a', { accepted: true, samples: -1 })).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => ledger.recordUpdate('a', { accepted: true, quality: 2 })).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => ledger.recordOnline('a', Number.NaN)).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => ledger.setAccount('a', 'alice')).toThrow(expect.objectContaining({ name: 'InvalidAddressError' }))
    expect(() => new EpochLedger({ epochSeconds: 0 })).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
  })
})
