import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { buildReputationTree } from '../../shared/reputation/index.ts'
import { orderSignatures, signEpochRoot } from '../client.ts'
import type { OracleSignature } from '../client.ts'
import { setup } from './fixture.ts'
import type { Setup } from './fixture.ts'

describe('ReputationRegistry (3 oracles, quorum 2)', () => {
  let s: Setup
  let oracles: Setup['wallets']
  let tree: ReturnType<typeof buildReputationTree>
  before(async () => {
    s = await setup(wallets => ({ oracles: wallets.slice(10, 13).map(o => o.account.address), oracleThreshold: 2 }))
    oracles = s.wallets.slice(10, 13)
    tree = buildReputationTree([
      { account: s.alice.account.address, score: 8_600, tier: 3 },
      { account: s.bob.account.address, score: 4_000, tier: 1 },
      { account: s.carol.account.address, score: 100, tier: 0 }
    ])
  })

  const sign = async (epoch: bigint, root: `0x${string}`, who = oracles) =>
    await Promise.all(who.map(async o => await signEpochRoot(o, s.registry.address, epoch, root)))

  it('refuses a root with k-1 signatures and accepts it with k', async () => {
    const sigs = await sign(1n, tree.root)
    await s.viem.assertions.revertWithCustomErrorWithArgs(
      s.registry.write.postRoot([1n, tree.root, orderSignatures(sigs.slice(0, 1))], { account: s.stranger.account }), s.registry, 'NotEnoughSignatures', [1n, 2n])
    await s.viem.assertions.revertWithCustomError(s.registry.write.postRoot([1n, tree.root, []]), s.registry, 'NotEnoughSignatures')
    await s.viem.assertions.emitWithArgs(
      s.registry.write.postRoot([1n, tree.root, orderSignatures(sigs.slice(1, 3))], { account: s.stranger.account }), s.registry, 'RootPosted', [1n, tree.root])
    assert.equal(await s.registry.read.rootOf([1n]), tree.root)
    await s.viem.assertions.revertWithCustomError(s.registry.write.postRoot([1n, tree.root, orderSignatures(sigs)]), s.registry, 'RootAlreadyPosted')
  })

  it('does not count one oracle twice, a stranger, or a signature over another root or epoch', async () => {
    const [one] = await sign(2n, tree.root)
    await s.viem.assertions.revertWithCustomError(s.registry.write.postRoot([2n, tree.root, [one.signature, one.signature]]), s.registry, 'SignersNotAscending')
    const strangerSig: OracleSignature = await signEpochRoot(s.stranger, s.registry.address, 2n, tree.root)
    await s.viem.assertions.revertWithCustomErrorWithArgs(
      s.registry.write.postRoot([2n, tree.root, orderSignatures([one, strangerSig])]), s.registry, 'NotAnOracle', [s.stranger.account.address])
    const otherEpoch = await sign(3n, tree.root)
    // signatures for epoch 3 recover to addresses that are not oracles when checked against epoch 2
    await s.viem.assertions.revertWithCustomError(s.registry.write.postRoot([2n, tree.root, orderSignatures(otherEpoch)]), s.registry, 'NotAnOracle')
  })

  it('lets anyone prove a node score against the root and records its tier over time', async () => {
    const a = tree.proofOf(s.alice.account.address)
    assert.equal(await s.registry.read.verify([1n, a.account, BigInt(a.score), a.tier, a.proof]), true)
    assert.equal(await s.registry.read.verify([1n, a.account, BigInt(a.score + 1), a.tier, a.proof]), false)
    assert.equal(await s.registry.read.verify([1n, a.account, BigInt(a.score), 2, a.proof]), false)
    await s.viem.assertions.revertWithCustomError(
      s.registry.write.prove([1n, a.account, BigInt(a.score), 2, a.proof], { account: s.stranger.account }), s.registry, 'InvalidProof')
    await s.registry.write.prove([1n, a.account, BigInt(a.score), a.tier, a.proof], { account: s.stranger.account })
    assert.equal(await s.registry.read.tierOf([a.account]), 3)
    assert.equal(await s.registry.read.provenScoreOf([a.account]), 8_600n)
    await s.viem.assertions.revertWithCustomError(
      s.registry.write.prove([1n, a.account, BigInt(a.score), a.tier, a.proof]), s.registry, 'StaleEpoch')
  })

  it('accepts proofs of an epoch only within 30 days of its root', async () => {
    const b = tree.proofOf(s.bob.account.address)
    const postedAt = await s.registry.read.postedAt([1n])
    await s.networkHelpers.time.setNextBlockTimestamp(postedAt + 30n * 86_400n + 1n)
    await s.viem.assertions.revertWithCustomErrorWithArgs(
      s.registry.write.prove([1n, b.account, BigInt(b.score), b.tier, b.proof]), s.registry, 'ProofWindowClosed', [1n])
    assert.equal(await s.registry.read.tierOf([b.account]), 0)
  })

  it('changes its oracle set only through governance', async () => {
    const next = s.wallets.slice(13, 15).map(w => w.account.address)
    await s.viem.assertions.revertWithCustomError(
      s.registry.write.setOracles([next, 1n], { account: oracles[0].account }), s.registry, 'AccessControlUnauthorizedAccount')
    const timelock = await s.as(s.timelock.address)
    await s.viem.assertions.revertWithCustomError(s.registry.write.setOracles([next, 3n], { account: timelock.account }), s.registry, 'InvalidParameters')
    await s.registry.write.setOracles([next, 2n], { account: timelock.account })
    assert.deepEqual((await s.registry.read.oracles()).map(a => a.toLowerCase()), next.map(a => a.toLowerCase()))
    assert.equal(await s.registry.read.isOracle([oracles[0].account.address]), false)
  })
})
