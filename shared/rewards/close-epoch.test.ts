import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { encodeAbiParameters, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { bigintReplacer, closeEpoch, peerRewardView } from './close-epoch.ts'
import type { NodeEpochCounters } from './epoch.ts'
import { buildRewardTree } from './tree.ts'
import { accountFor, syntheticEpoch } from './test-fixtures.ts'

const counters = (peerId: string, account: string, samples: number, over: Partial<NodeEpochCounters> = {}): NodeEpochCounters => ({
  peerId, account, acceptedUpdates: 4, samples, quality: 1, uptime: 1, computeSamplesPerSecond: 0, bandwidthMbps: 0, latencyMs: 1_000, ...over
})

describe('closeEpoch', () => {
  it('merges peers of one account into one leaf and gives each peer a proof that verifies', () => {
    const op = accountFor(1)
    const closed = closeEpoch([
      counters('peerA', op, 1_000),
      counters('peerB', op, 3_000),
      counters('peerC', accountFor(2), 4_000)
    ], { epoch: 5n, emission: 8_000n })
    expect(closed.rewards?.total).toBe(8_000n)
    expect(closed.rewards?.claims.length).toBe(2)
    const a = peerRewardView(closed, 'peerA')
    const b = peerRewardView(closed, 'peerB')
    expect(a.peerAmount).toBe(1_000n)
    expect(b.peerAmount).toBe(3_000n)
    expect(a.amount).toBe(4_000n)
    expect(b.proof).toEqual(a.proof)
    expect(StandardMerkleTree.verify(closed.rewards!.root, ['address', 'uint256'], [a.account, a.amount], a.proof)).toBe(true)
    const rep = a.reputation
    expect(StandardMerkleTree.verify(rep.root, ['address', 'uint256', 'uint8'], [a.account, rep.score, rep.tier], rep.proof)).toBe(true)
  })

  it('updates reputation from the previous value and the epoch score', () => {
    const closed = closeEpoch([
      counters('good', accountFor(1), 60_000, { previousReputation: 8_000 }),
      counters('idle', accountFor(2), 0, { acceptedUpdates: 0, previousReputation: 8_000 })
    ], { epoch: 1n, emission: 1_000n })
    expect(closed.peers.get('good')).toMatchObject({ epochScore: 10_000, reputation: 8_600, reputationTier: 3 })
    expect(closed.peers.get('idle')).toMatchObject({ epochScore: 0, reputation: 5_600, reputationTier: 2, amount: 0n })
    // the idle node has a reputation leaf but no reward leaf
    expect(peerRewardView(closed, 'idle')).toMatchObject({ amount: 0n, proof: [] })
    expect(closed.rewards?.claims.map(c => c.account)).toEqual([accountFor(1)])
  })

  it('publishes no reward tree when nobody earned anything', () => {
    const closed = closeEpoch([counters('idle', accountFor(1), 0, { acceptedUpdates: 0 })], { epoch: 1n, emission: 1_000n })
    expect(closed.rewards).toBeUndefined()
    expect(closed.reputation.leaves).toHaveLength(1)
  })

  it('closes a 1,000-node epoch whose leaves sum to the emission', () => {
    const closed = closeEpoch(syntheticEpoch(1_000), { epoch: 42n, emission: 1_000_000n * 10n ** 18n + 1n })
    expect(closed.rewards!.claims.reduce((s, c) => s + c.amount, 0n)).toBe(1_000_000n * 10n ** 18n + 1n)
    expect(closed.peers.size).toBe(1_000)
  })

  it('answers an unknown peer with UnknownPeerError and serialises bigints as strings', () => {
    const closed = closeEpoch([counters('p', accountFor(1), 10)], { epoch: 3n, emission: 10n })
    expect(() => peerRewardView(closed, 'nobody')).toThrow(expect.objectContaining({ name: 'UnknownPeerError' }))
    const json = JSON.parse(JSON.stringify(peerRewardView(closed, 'p'), bigintReplacer))
    expect(json).toMatchObject({ epoch: '3', amount: '10', account: accountFor(1) })
  })
})

describe('buildRewardTree', () => {
  it('hashes leaves as RewardDistributor does: keccak256(keccak256(abi.encode(address, uint256)))', () => {
    const tree = buildRewardTree([{ account: accountFor(9), amount: 12345n }])
    const inner = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [accountFor(9), 12345n]))
    expect(tree.root).toBe(keccak256(inner))
  })

  it('refuses zero amounts and duplicate accounts', () => {
    expect(() => buildRewardTree([{ account: accountFor(1), amount: 0n }])).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => buildRewardTree([{ account: accountFor(1), amount: 1n }, { account: accountFor(1), amount: 2n }]))
      .toThrow(expect.objectContaining({ name: 'DuplicateAccountError' }))
  })
})
