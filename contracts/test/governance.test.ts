import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { encodeFunctionData, keccak256, toHex } from 'viem'
import { buildReputationTree } from '../../shared/reputation/index.ts'
import { proveReputation, signEpochRoot } from '../client.ts'
import { DAY, VAIN, setup } from './fixture.ts'
import type { Setup } from './fixture.ts'

const FOR = 1
const AGAINST = 0

describe('VainGovernor: reputation-weighted votes, proposals through the timelock', () => {
  let s: Setup
  before(async () => {
    s = await setup()
    // alice 2M VAIN with reputation tier 3 (2x); bob 3M with tier 0 (1x); carol 1M, half of it staked
    await s.token.write.transfer([s.carol.account.address, 1_000_000n * VAIN], { account: s.alice.account })
    await s.token.write.delegate([s.alice.account.address], { account: s.alice.account })
    await s.token.write.delegate([s.bob.account.address], { account: s.bob.account })
    await s.token.write.approve([s.staking.address, 500_000n * VAIN], { account: s.carol.account })
    await s.staking.write.stake([500_000n * VAIN, 30n * DAY], { account: s.carol.account })
    await s.token.write.approve([s.staking.address, 15_000n * VAIN], { account: s.dave.account })
    await s.staking.write.stake([15_000n * VAIN, 30n * DAY], { account: s.dave.account })
    const tree = buildReputationTree([
      { account: s.alice.account.address, score: 9_000, tier: 3 },
      { account: s.bob.account.address, score: 1_000, tier: 0 }
    ])
    await s.registry.write.postRoot([1n, tree.root, [(await signEpochRoot(s.deployer, s.registry.address, 1n, tree.root)).signature]])
    await proveReputation(s.stranger, s.publicClient, s.registry.address, { epoch: 1n, ...tree.proofOf(s.alice.account.address) })
    await s.networkHelpers.time.increase(1)
  })

  it('weighs votes as (delegated votes + own stake) × reputation multiplier', async () => {
    const t = (await s.now()) - 1n
    assert.equal(await s.governor.read.getVotes([s.alice.account.address, t]), 4_000_000n * VAIN)
    assert.equal(await s.governor.read.getVotes([s.bob.account.address, t]), 3_000_000n * VAIN)
    assert.equal(await s.governor.read.getVotes([s.carol.account.address, t]), 500_000n * VAIN)
    assert.equal(await s.governor.read.tierMultiplierBps([3]), 20_000n)
  })

  it('runs a proposal end to end: propose → vote → queue → execute a Staking parameter change', async () => {
    const calldata = encodeFunctionData({
      abi: s.staking.abi, functionName: 'setTierThresholds', args: [20_000n * VAIN, 200_000n * VAIN, 2_000_000n * VAIN]
    })
    const description = 'Double the staking tier thresholds'
    const args = [[s.staking.address], [0n], [calldata]] as const
    await s.governor.write.propose([...args, description], { account: s.bob.account })
    const id = await s.governor.read.hashProposal([...args, keccak256(toHex(description))])
    assert.equal(await s.governor.read.state([id]), 0) // Pending

    await s.networkHelpers.time.increase(DAY + 1n)
    assert.equal(await s.governor.read.state([id]), 1) // Active
    await s.governor.write.castVote([id, FOR], { account: s.alice.account })
    await s.governor.write.castVote([id, AGAINST], { account: s.bob.account })
    const [against, forVotes] = await s.governor.read.proposalVotes([id])
    // bob holds more tokens (3M vs 2M) but alice's proven reputation doubles her weight
    assert.equal(forVotes, 4_000_000n * VAIN)
    assert.equal(against, 3_000_000n * VAIN)

    await s.viem.assertions.revertWithCustomError(s.governor.write.queue([...args, keccak256(toHex(description))]), s.governor, 'GovernorUnexpectedProposalState')
    await s.networkHelpers.time.increase(7n * DAY)
    assert.equal(await s.governor.read.state([id]), 4) // Succeeded
    await s.governor.write.queue([...args, keccak256(toHex(description))], { account: s.stranger.account })
    assert.equal(await s.governor.read.state([id]), 5) // Queued
    await s.viem.assertions.revertWithCustomError(
      s.governor.write.execute([...args, keccak256(toHex(description))]), s.timelock, 'TimelockUnexpectedOperationState')
    await s.networkHelpers.time.increase(2n * DAY)
    assert.equal(await s.staking.read.tierOf([s.dave.account.address]), 1)
    await s.governor.write.execute([...args, keccak256(toHex(description))], { account: s.stranger.account })
    assert.equal(await s.governor.read.state([id]), 7) // Executed
    assert.equal(await s.staking.read.entryThreshold(), 20_000n * VAIN)
    assert.equal(await s.staking.read.supernodeThreshold(), 2_000_000n * VAIN)
    assert.equal(await s.staking.read.validatorThreshold(), 200_000n * VAIN)
    // dave's 15,000 VAIN no longer reach the entry tier
    assert.equal(await s.staking.read.tierOf([s.dave.account.address]), 0)
  })

  it('slashes a staker through a proposal, with evidence, into the treasury', async () => {
    const dave = s.dave.account.address
    const evidence = keccak256(toHex('dave served a poisoned update in round 1234'))
    const calldata = encodeFunctionData({ abi: s.staking.abi, functionName: 'slash', args: [dave, 5_000n * VAIN, evidence] })
    const description = 'Slash dave 5,000 VAIN'
    const args = [[s.staking.address], [0n], [calldata]] as const
    const descriptionHash = keccak256(toHex(description))
    await s.governor.write.propose([...args, description], { account: s.alice.account })
    const id = await s.governor.read.hashProposal([...args, descriptionHash])
    await s.networkHelpers.time.increase(DAY + 1n)
    await s.governor.write.castVote([id, FOR], { account: s.alice.account })
    await s.networkHelpers.time.increase(7n * DAY)
    await s.governor.write.queue([...args, descriptionHash])
    await s.networkHelpers.time.increase(2n * DAY)
    const staked = await s.staking.read.stakeOf([dave])
    const treasury = await s.token.read.balanceOf([s.timelock.address])
    await s.viem.assertions.emitWithArgs(s.governor.write.execute([...args, descriptionHash]), s.staking, 'Slashed', [dave, 5_000n * VAIN, evidence])
    assert.equal(staked - await s.staking.read.stakeOf([dave]), 5_000n * VAIN)
    assert.equal(await s.token.read.balanceOf([s.timelock.address]) - treasury, 5_000n * VAIN)
  })

  it('refuses proposals from accounts below 10,000 VAIN of voting weight', async () => {
    const calldata = encodeFunctionData({ abi: s.staking.abi, functionName: 'setLockParams', args: [60n * DAY, 7n * DAY] })
    await s.viem.assertions.revertWithCustomError(
      s.governor.write.propose([[s.staking.address], [0n], [calldata], 'spam'], { account: s.stranger.account }), s.governor, 'GovernorInsufficientProposerVotes')
  })

  it('defeats a proposal that only the token majority supports once reputation counts', async () => {
    const calldata = encodeFunctionData({ abi: s.staking.abi, functionName: 'setLockParams', args: [60n * DAY, 7n * DAY] })
    const description = 'Lock for 60 days'
    const args = [[s.staking.address], [0n], [calldata]] as const
    await s.governor.write.propose([...args, description], { account: s.bob.account })
    const id = await s.governor.read.hashProposal([...args, keccak256(toHex(description))])
    await s.networkHelpers.time.increase(DAY + 1n)
    await s.governor.write.castVote([id, FOR], { account: s.bob.account })
    await s.governor.write.castVote([id, AGAINST], { account: s.alice.account })
    await s.networkHelpers.time.increase(7n * DAY)
    assert.equal(await s.governor.read.state([id]), 3) // Defeated
    assert.equal(await s.staking.read.minLock(), 30n * DAY)
  })
})
