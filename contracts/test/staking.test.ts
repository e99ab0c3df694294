import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { keccak256, toHex } from 'viem'
import { DAY, VAIN, setup } from './fixture.ts'
import type { Setup } from './fixture.ts'

describe('Staking', () => {
  let s: Setup
  before(async () => { s = await setup() })

  async function stake (who: Setup['alice'], amount: bigint, lock: bigint) {
    await s.token.write.approve([s.staking.address, amount], { account: who.account })
    return await s.staking.write.stake([amount, lock], { account: who.account })
  }

  it('puts a stake into tiers at exactly 10,000 / 100,000 / 1,000,000 VAIN, not one wei below', async () => {
    const a = s.alice.account.address
    const steps: Array<[bigint, number]> = [
      [10_000n * VAIN - 1n, 0], [1n, 1], [90_000n * VAIN - 1n, 1], [1n, 2], [900_000n * VAIN - 1n, 2], [1n, 3]
    ]
    for (const [amount, tier] of steps) {
      await stake(s.alice, amount, 30n * DAY)
      assert.equal(await s.staking.read.tierOf([a]), tier, `after adding ${amount}`)
    }
    assert.equal(await s.staking.read.stakeOf([a]), 1_000_000n * VAIN)
    assert.equal(await s.staking.read.tierOf([s.stranger.account.address]), 0)
  })

  it('refuses a lock shorter than 30 days and any unstake before the lock ends', async () => {
    await s.token.write.approve([s.staking.address, 1000n], { account: s.bob.account })
    await s.viem.assertions.revertWithCustomErrorWithArgs(
      s.staking.write.stake([1000n, 30n * DAY - 1n], { account: s.bob.account }), s.staking, 'LockTooShort', [30n * DAY - 1n, 30n * DAY])
    await stake(s.bob, 20_000n * VAIN, 30n * DAY)
    const { lockEnd } = await s.staking.read.positionOf([s.bob.account.address])
    await s.networkHelpers.time.increase(29n * DAY)
    await s.viem.assertions.revertWithCustomErrorWithArgs(
      s.staking.write.unstake([1n], { account: s.bob.account }), s.staking, 'LockActive', [lockEnd])
    await s.networkHelpers.time.setNextBlockTimestamp(lockEnd - 1n)
    await s.viem.assertions.revertWithCustomError(s.staking.write.unstake([1n], { account: s.bob.account }), s.staking, 'LockActive')
    await s.networkHelpers.time.setNextBlockTimestamp(lockEnd)
    await s.viem.assertions.emitWithArgs(s.staking.write.unstake([1n], { account: s.bob.account }), s.staking, 'Unstaked',
      [s.bob.account.address, 1n, lockEnd + 7n * DAY])
  })

  it('unbonds: the stake leaves its tier at once and is paid out only after 7 days', async () => {
    const carol = s.carol.account.address
    await stake(s.carol, 10_000n * VAIN, 30n * DAY)
    await s.networkHelpers.time.increase(30n * DAY)
    await s.staking.write.unstake([1n], { account: s.carol.account })
    assert.equal(await s.staking.read.tierOf([carol]), 0)
    await s.viem.assertions.revertWithCustomError(s.staking.write.withdraw({ account: s.carol.account }), s.staking, 'StillUnbonding')
    await s.networkHelpers.time.increase(7n * DAY)
    const before = await s.token.read.balanceOf([carol])
    await s.staking.write.withdraw({ account: s.carol.account })
    assert.equal(await s.token.read.balanceOf([carol]) - before, 1n)
    await s.viem.assertions.revertWithCustomError(s.staking.write.withdraw({ account: s.carol.account }), s.staking, 'NothingToWithdraw')
    assert.equal(await s.staking.read.stakeOf([carol]), 10_000n * VAIN - 1n)
  })

  it('pays the lockup bonus: 1x for 30 days, 1.2x for 180 days, 1.5x for a year, 1x once the lock is over', async () => {
    assert.equal(await s.staking.read.bonusBpsFor([30n * DAY]), 10_000)
    assert.equal(await s.staking.read.bonusBpsFor([180n * DAY - 1n]), 10_000)
    assert.equal(await s.staking.read.bonusBpsFor([180n * DAY]), 12_000)
    assert.equal(await s.staking.read.bonusBpsFor([365n * DAY - 1n]), 12_000)
    assert.equal(await s.staking.read.bonusBpsFor([365n * DAY]), 15_000)
    const dave = s.dave.account.address
    await stake(s.dave, 12_345n * VAIN + 7n, 365n * DAY)
    assert.equal(await s.staking.read.lockBonusBps([dave]), 15_000)
    assert.equal(await s.staking.read.weightedStakeOf([dave]), ((12_345n * VAIN + 7n) * 15_000n) / 10_000n)
    // a 30-day top-up 200 days in cannot borrow the year's bonus: 165 days remain, so 1x
    await s.networkHelpers.time.increase(200n * DAY)
    await stake(s.dave, 1_000_000n * VAIN, 30n * DAY)
    assert.equal(await s.staking.read.lockBonusBps([dave]), 10_000)
    // a top-up with a fresh one-year lock earns it again, on the whole position
    await stake(s.dave, 1n, 365n * DAY)
    assert.equal(await s.staking.read.lockBonusBps([dave]), 15_000)
    await s.networkHelpers.time.increase(365n * DAY)
    assert.equal(await s.staking.read.lockBonusBps([dave]), 10_000)
  })

  it('slashes only through SLASHER_ROLE (the timelock), to the treasury, with the evidence hash', async () => {
    const bob = s.bob.account.address
    const evidence = keccak256(toHex('equivocation at round 17'))
    await s.viem.assertions.revertWithCustomError(
      s.staking.write.slash([bob, 1n, evidence], { account: s.stranger.account }), s.staking, 'AccessControlUnauthorizedAccount')
    await s.viem.assertions.revertWithCustomError(
      s.staking.write.slash([bob, 1n, evidence], { account: s.bob.account }), s.staking, 'AccessControlUnauthorizedAccount')
    const timelock = await s.as(s.timelock.address)
    const staked = await s.staking.read.stakeOf([bob])
    const treasuryBefore = await s.token.read.balanceOf([s.timelock.address])
    await s.viem.assertions.emitWithArgs(
      s.staking.write.slash([bob, 5_000n * VAIN, evidence], { account: timelock.account }), s.staking, 'Slashed', [bob, 5_000n * VAIN, evidence])
    assert.equal(await s.staking.read.stakeOf([bob]), staked - 5_000n * VAIN)
    assert.equal(await s.token.read.balanceOf([s.timelock.address]) - treasuryBefore, 5_000n * VAIN)
    assert.equal(await s.staking.read.tierOf([bob]), 1)
  })
})
