// Cross-check of shared/rewards against the contracts: a fixed 1,000-node epoch closed in
// TypeScript gives roots whose every proof the contracts accept, and whose proofs for a changed
// amount or score they refuse.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { closeEpoch, peerRewardView } from '../../shared/rewards/index.ts'
import { syntheticEpoch } from '../../shared/rewards/test-fixtures.ts'
import { claimReward, isClaimed, publishEpoch, signEpochRoot } from '../client.ts'
import { VAIN, setup } from './fixture.ts'
import type { Setup } from './fixture.ts'

const EPOCH = 42n
const EMISSION = 250_000n * VAIN + 12_345n

describe('cross-check: a 1,000-node epoch computed in TypeScript, paid on chain', () => {
  let s: Setup
  let closed: ReturnType<typeof closeEpoch>
  before(async () => {
    s = await setup()
    closed = closeEpoch(syntheticEpoch(1_000, 2026), { epoch: EPOCH, emission: EMISSION })
    const signature = await signEpochRoot(s.deployer, s.registry.address, EPOCH, closed.reputation.root)
    await publishEpoch(s.deployer, s.publicClient,
      { RewardDistributor: s.distributor.address, ReputationRegistry: s.registry.address },
      { epoch: EPOCH, rewards: closed.rewards, reputation: closed.reputation }, [signature])
  })

  it('publishes a total equal to the emission, minted into the distributor', async () => {
    assert.equal(closed.rewards?.total, EMISSION)
    assert.ok(closed.rewards!.claims.length > 900, `${closed.rewards!.claims.length} paid accounts`)
    assert.equal(await s.token.read.balanceOf([s.distributor.address]), EMISSION)
  })

  it('accepts every reputation proof and refuses each one with the score changed', async () => {
    for (const leaf of closed.reputation.leaves) {
      const p = closed.reputation.proofOf(leaf.account)
      assert.equal(await s.registry.read.verify([EPOCH, p.account, BigInt(p.score), p.tier, p.proof]), true, p.account)
      assert.equal(await s.registry.read.verify([EPOCH, p.account, BigInt(p.score) + 1n, p.tier, p.proof]), false, p.account)
    }
  })

  it('refuses every proof with its amount changed by one wei (and a sample changed otherwise)', async () => {
    for (const [i, c] of closed.rewards!.claims.entries()) {
      for (const amount of i % 50 === 0 ? [c.amount + 1n, c.amount - 1n, c.amount * 2n] : [c.amount + 1n]) {
        await s.viem.assertions.revertWithCustomError(s.distributor.write.claim([EPOCH, c.account, amount, c.proof]), s.distributor, 'InvalidProof')
      }
    }
  })

  it('accepts every claim, moving each balance by exactly its amount, until the distributor is empty', async () => {
    for (const c of closed.rewards!.claims) {
      const before = await s.token.read.balanceOf([c.account])
      await claimReward(s.deployer, s.publicClient, s.distributor.address, { epoch: EPOCH, ...c })
      assert.equal(await s.token.read.balanceOf([c.account]) - before, c.amount, c.account)
    }
    assert.equal(await s.token.read.balanceOf([s.distributor.address]), 0n)
    const some = peerRewardView(closed, [...closed.peers.keys()][17])
    assert.equal(await isClaimed(s.publicClient, s.distributor.address, EPOCH, some.account), some.amount > 0n)
  })
})
