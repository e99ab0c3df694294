/**
 * Closing an epoch: from the relay's per-node counters to the two roots it publishes on chain
 * (RewardDistributor.publishRoot, ReputationRegistry.postRoot) and the per-peer answers it serves
 * (`GET /api/rewards/:peerId`). Pure: no chain, no clock, no I/O.
 */
import type { Address } from '../reputation/address.ts'
import { epochScore, nextReputation, reputationTier } from '../reputation/score.ts'
import type { ScoreInit, Tier } from '../reputation/score.ts'
import { buildReputationTree } from '../reputation/tree.ts'
import type { ReputationTree } from '../reputation/tree.ts'
import { computeEpochRewards } from './epoch.ts'
import type { EpochRewardInit, NodeEpochCounters } from './epoch.ts'
import type { MultiplierBreakdown } from './multipliers.ts'
import { InvalidParametersError, UnknownPeerError } from './errors.ts'
import { buildRewardTree } from './tree.ts'
import type { RewardTree } from './tree.ts'

export interface CloseEpochInit extends EpochRewardInit {
  /** The epoch number (the key on chain). */
  epoch: bigint
  /** Reputation scoring options. */
  score?: ScoreInit
  /** Weight of this epoch in the running reputation, bps. @default 3,000 */
  alphaBps?: number
}

export interface PeerEpochResult {
  peerId: string
  account: Address
  /** This peer's share of the epoch's emission (wei). Its account's leaf sums all its peers. */
  amount: bigint
  multiplier: MultiplierBreakdown
  /** Score of this epoch alone, 0..10,000. */
  epochScore: number
  /** Running reputation after this epoch, 0..10,000 (feed it back as previousReputation). */
  reputation: number
  reputationTier: Tier
}

export interface ClosedEpoch {
  epoch: bigint
  /** Absent when nobody earned anything (nothing to publish). */
  rewards?: RewardTree
  reputation: ReputationTree
  peers: Map<string, PeerEpochResult>
}

/** What `GET /api/rewards/:peerId` answers: enough to call RewardDistributor.claim and ReputationRegistry.prove. */
export interface PeerRewardView {
  epoch: bigint
  peerId: string
  account: Address
  /** The account's claimable amount for the epoch (all its peers), 0 when it has no leaf. */
  amount: bigint
  proof: `0x${string}`[]
  rewardsRoot?: `0x${string}`
  peerAmount: bigint
  reputation: { score: number, tier: Tier, proof: `0x${string}`[], root: `0x${string}` }
}

export function closeEpoch (nodes: readonly NodeEpochCounters[], init: CloseEpochInit): ClosedEpoch {
  if (typeof init.epoch !== 'bigint' || init.epoch < 0n) throw new InvalidParametersError('epoch must be a non-negative bigint')
  if (nodes.length === 0) throw new InvalidParametersError('an epoch needs at least one node')
  const rewards = computeEpochRewards(nodes, init)
  const peers = new Map<string, PeerEpochResult>()
  const perAccount = new Map<Address, { amount: bigint, weightedScore: bigint, samples: bigint, scores: number[] }>()
  nodes.forEach((n, i) => {
    const r = rewards[i]
    const score = epochScore(n, init.score)
    const reputation = nextReputation(n.previousReputation ?? 0, score, init.alphaBps)
    peers.set(n.peerId, {
      peerId: n.peerId, account: r.account, amount: r.amount, multiplier: r.multiplier,
      epochScore: score, reputation, reputationTier: reputationTier(reputation)
    })
    const acc = perAccount.get(r.account) ?? { amount: 0n, weightedScore: 0n, samples: 0n, scores: [] }
    acc.amount += r.amount
    acc.weightedScore += BigInt(reputation) * BigInt(n.samples)
    acc.samples += BigInt(n.samples)
    acc.scores.push(reputation)
    perAccount.set(r.account, acc)
  })
  // An account's reputation is the sample-weighted mean of its peers' (plain mean if none trained).
  const reputationLeaves = [...perAccount].map(([account, a]) => {
    const score = a.samples > 0n
      ? Number(a.weightedScore / a.samples)
      : Math.floor(a.scores.reduce((s, v) => s + v, 0) / a.scores.length)
    return { account, score, tier: reputationTier(score) }
  })
  const paid = [...perAccount].filter(([, a]) => a.amount > 0n).map(([account, a]) => ({ account, amount: a.amount }))
  return {
    epoch: init.epoch,
    rewards: paid.length > 0 ? buildRewardTree(paid) : undefined,
    reputation: buildReputationTree(reputationLeaves),
    peers
  }
}

/** The answer for one peer of a closed epoch. */
export function peerRewardView (closed: ClosedEpoch, peerId: string): PeerRewardView {
  const peer = closed.peers.get(peerId)
  if (peer === undefined) throw new UnknownPeerError(`peer ${peerId} has no counters in epoch ${closed.epoch}`)
  const claim = closed.rewards?.claims.find(c => c.account === peer.account)
  const rep = closed.reputation.proofOf(peer.account)
  return {
    epoch: closed.epoch,
    peerId,
    account: peer.account,
    amount: claim?.amount ?? 0n,
    proof: claim?.proof ?? [],
    rewardsRoot: closed.rewards?.root,
    peerAmount: peer.amount,
    reputation: { score: rep.score, tier: rep.tier, proof: rep.proof, root: closed.reputation.root }
  }
}

/** JSON.stringify replacer that writes bigints as decimal strings (for the REST API). */
export function bigintReplacer (_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}
