import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { buildRewardTree } from '../../shared/rewards/index.ts'
import { VAIN, setup } from './fixture.ts'
import type { Setup } from './fixture.ts'

describe('RewardDistributor', () => {
  let s: Setup
  let tree: ReturnType<typeof buildRewardTree>
  before(async () => {
    s = await setup()
    tree = buildRewardTree([
      { account: s.alice.account.address, amount: 1_000n * VAIN + 1n },
      { account: s.bob.account.address, amount: 333n },
      { account: s.carol.account.address, amount: 7n * VAIN }
    ])
    await s.distributor.write.publishRoot([1n, tree.root, tree.total])
  })

  it('mints exactly the epoch total into the distributor when the root is published', async () => {
    assert.equal(await s.token.read.balanceOf([s.distributor.address]), tree.total)
    const info = await s.distributor.read.epochInfo([1n])
    assert.equal(info.root, tree.root)
    assert.equal(info.total, tree.total)
  })

  it('pays a valid claim to the account (whoever sends it) and marks it claimed', async () => {
    const c = tree.proofOf(s.alice.account.address)
    const before = await s.token.read.balanceOf([c.account])
    assert.equal(await s.distributor.read.isClaimed([1n, c.account]), false)
    await s.viem.assertions.emitWithArgs(
      s.distributor.write.claim([1n, c.account, c.amount, c.proof], { account: s.stranger.account }), s.distributor, 'Claimed', [1n, s.alice.account.address, c.amount])
    assert.equal(await s.token.read.balanceOf([c.account]) - before, 1_000n * VAIN + 1n)
    assert.equal(await s.distributor.read.isClaimed([1n, c.account]), true)
    assert.equal(await s.distributor.read.isClaimed([1n, s.bob.account.address]), false)
  })

  it('refuses a double claim', async () => {
    const c = tree.proofOf(s.alice.account.address)
    await s.viem.assertions.revertWithCustomErrorWithArgs(
      s.distributor.write.claim([1n, c.account, c.amount, c.proof]), s.distributor, 'AlreadyClaimed', [1n, s.alice.account.address])
  })

  it('refuses a bad proof, a changed amount, another account and an unknown epoch', async () => {
    const b = tree.proofOf(s.bob.account.address)
    const c = tree.proofOf(s.carol.account.address)
    await s.viem.assertions.revertWithCustomError(s.distributor.write.claim([1n, b.account, b.amount + 1n, b.proof]), s.distributor, 'InvalidProof')
    await s.viem.assertions.revertWithCustomError(s.distributor.write.claim([1n, b.account, b.amount, c.proof]), s.distributor, 'InvalidProof')
    await s.viem.assertions.revertWithCustomError(s.distributor.write.claim([1n, s.dave.account.address, b.amount, b.proof]), s.distributor, 'InvalidProof')
    await s.viem.assertions.revertWithCustomError(s.distributor.write.claim([2n, b.account, b.amount, b.proof]), s.distributor, 'UnknownEpoch')
    await s.viem.assertions.revertWithCustomError(s.distributor.write.publishRoot([1n, tree.root, 1n]), s.distributor, 'EpochAlreadyPublished')
  })

  it('refuses claims after the 90-day window; governance then sweeps the rest to the treasury, once', async () => {
    const b = tree.proofOf(s.bob.account.address)
    const { deadline } = await s.distributor.read.epochInfo([1n])
    const timelock = await s.as(s.timelock.address)
    await s.viem.assertions.revertWithCustomError(s.distributor.write.sweep([1n], { account: timelock.account }), s.distributor, 'ClaimWindowOpen')
    await s.networkHelpers.time.setNextBlockTimestamp(deadline) // the last second is still inside the window
    await s.distributor.write.claim([1n, b.account, b.amount, b.proof])
    const c = tree.proofOf(s.carol.account.address)
    await s.viem.assertions.revertWithCustomErrorWithArgs(
      s.distributor.write.claim([1n, c.account, c.amount, c.proof]), s.distributor, 'ClaimWindowClosed', [1n, deadline])
    await s.viem.assertions.revertWithCustomError(s.distributor.write.sweep([1n], { account: s.stranger.account }), s.distributor, 'AccessControlUnauthorizedAccount')
    const before = await s.token.read.balanceOf([s.timelock.address])
    await s.distributor.write.sweep([1n], { account: timelock.account })
    assert.equal(await s.token.read.balanceOf([s.timelock.address]) - before, 7n * VAIN)
    assert.equal(await s.token.read.balanceOf([s.distributor.address]), 0n)
    await s.viem.assertions.revertWithCustomError(s.distributor.write.sweep([1n], { account: timelock.account }), s.distributor, 'AlreadySwept')
  })

  it('never pays an epoch more than its total, even with a bad root', async () => {
    // a publisher error: the tree sums to more than the declared total
    const bad = buildRewardTree([{ account: s.alice.account.address, amount: 100n }, { account: s.bob.account.address, amount: 100n }])
    await s.distributor.write.publishRoot([9n, bad.root, 150n])
    const a = bad.proofOf(s.alice.account.address)
    const b = bad.proofOf(s.bob.account.address)
    await s.distributor.write.claim([9n, a.account, a.amount, a.proof])
    await s.viem.assertions.revertWithCustomError(s.distributor.write.claim([9n, b.account, b.amount, b.proof]), s.distributor, 'EpochOverdrawn')
  })
})
