// Every privileged function, called by a stranger or by the deployer (who must hold no role once
// deployed), is refused; and the governance-held role does work, so the refusals are not vacuous.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { keccak256, toHex, zeroHash } from 'viem'
import { role } from '../deploy.ts'
import { DAY, VAIN, setup } from './fixture.ts'
import type { Setup } from './fixture.ts'

describe('access control', () => {
  let s: Setup
  before(async () => { s = await setup() })

  it('refuses every privileged function to a stranger and to the deployer', async () => {
    for (const who of [s.stranger, s.deployer]) {
      const account = who.account
      const me = account.address
      const denied = 'AccessControlUnauthorizedAccount'
      const calls: Array<[() => Promise<unknown>, { abi: unknown }, string]> = [
        [async () => await s.token.write.mint([me, 1n], { account }), s.token, denied],
        [async () => await s.token.write.grantRole([role('MINTER_ROLE'), me], { account }), s.token, denied],
        [async () => await s.staking.write.slash([s.alice.account.address, 1n, zeroHash], { account }), s.staking, denied],
        [async () => await s.staking.write.setTierThresholds([1n, 2n, 3n], { account }), s.staking, denied],
        [async () => await s.staking.write.setLockParams([DAY, DAY], { account }), s.staking, denied],
        [async () => await s.staking.write.setLockBonus([DAY, 10_000, 2n * DAY, 30_000], { account }), s.staking, denied],
        [async () => await s.staking.write.setTreasury([me], { account }), s.staking, denied],
        [async () => await s.staking.write.grantRole([role('SLASHER_ROLE'), me], { account }), s.staking, denied],
        [async () => await s.registry.write.setOracles([[me], 1n], { account }), s.registry, denied],
        [async () => await s.registry.write.setProofWindow([1n], { account }), s.registry, denied],
        [async () => await s.registry.write.grantRole([role('GOVERNANCE_ROLE'), me], { account }), s.registry, denied],
        [async () => await s.distributor.write.sweep([1n], { account }), s.distributor, denied],
        [async () => await s.distributor.write.setParams([DAY, 1n, me], { account }), s.distributor, denied],
        [async () => await s.distributor.write.grantRole([role('PUBLISHER_ROLE'), me], { account }), s.distributor, denied],
        [async () => await s.governor.write.setTierMultipliers([[10_000n, 10_000n, 10_000n, 90_000n]], { account }), s.governor, 'GovernorOnlyExecutor'],
        [async () => await s.governor.write.updateQuorumNumerator([1n], { account }), s.governor, 'GovernorOnlyExecutor'],
        [async () => await s.governor.write.setVotingPeriod([1], { account }), s.governor, 'GovernorOnlyExecutor'],
        [async () => await s.governor.write.updateTimelock([me], { account }), s.governor, 'GovernorOnlyExecutor'],
        [async () => await s.timelock.write.schedule([me, 0n, '0x', zeroHash, zeroHash, 2n * DAY], { account }), s.timelock, denied],
        [async () => await s.timelock.write.updateDelay([0n], { account }), s.timelock, 'TimelockUnauthorizedCaller'],
        [async () => await s.timelock.write.grantRole([role('PROPOSER_ROLE'), me], { account }), s.timelock, denied]
      ]
      if (who === s.stranger) calls.push([async () => await s.distributor.write.publishRoot([1n, keccak256(toHex('x')), 1n], { account }), s.distributor, denied])
      for (const [call, contract, error] of calls) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await s.viem.assertions.revertWithCustomError(call() as any, contract as any, error as any)
      }
    }
  })

  it('lets the timelock use those same functions', async () => {
    const timelock = await s.as(s.timelock.address)
    const account = timelock.account
    await s.token.write.mint([s.stranger.account.address, 5n * VAIN], { account })
    assert.equal(await s.token.read.balanceOf([s.stranger.account.address]), 5n * VAIN)
    await s.staking.write.setLockParams([60n * DAY, DAY], { account })
    assert.equal(await s.staking.read.minLock(), 60n * DAY)
    await s.distributor.write.setParams([2n * DAY, 1n, s.timelock.address], { account })
    assert.equal(await s.distributor.read.claimWindow(), 2n * DAY)
  })

  it('caps the supply at one billion VAIN whoever mints', async () => {
    const timelock = await s.as(s.timelock.address)
    const room = (await s.token.read.cap()) - (await s.token.read.totalSupply())
    await s.viem.assertions.revertWithCustomError(
      s.token.write.mint([s.stranger.account.address, room + 1n], { account: timelock.account }), s.token, 'ERC20ExceededCap')
    await s.token.write.mint([s.stranger.account.address, room], { account: timelock.account })
    assert.equal(await s.token.read.totalSupply(), 1_000_000_000n * VAIN)
  })
})
