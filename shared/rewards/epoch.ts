/**
 * The epoch reward formula. A node's weight is its quality-weighted work times its multipliers:
 *
 *   weight = samples × qualityBps × multiplierBps        (all integers)
 *   amount = floor(emission × weight / Σ weight)  + its share of the remainder
 *
 * The rounding remainder (at most one wei per node) goes, one wei each, to the nodes with the
 * largest fractional parts (ties: lower account, then lower peer id), so the amounts sum to
 * exactly `emission`: no wei is lost or invented. Nodes with no accepted update earn nothing.
 */
import { normalizeAddress } from '../reputation/address.ts'
import type { Address } from '../reputation/address.ts'
import { fractionToBps } from '../reputation/score.ts'
import type { Contribution } from '../reputation/score.ts'
import { DuplicatePeerError, InvalidParametersError } from './errors.ts'
import { rewardMultiplier } from './multipliers.ts'
import type { MultiplierBreakdown, MultiplierInit, NodeCapabilities } from './multipliers.ts'

/** One node's counters for one epoch, as the relay keeps them. */
export interface NodeEpochCounters extends Contribution, NodeCapabilities {
  /** The node's libp2p peer id. */
  peerId: string
  /** The address its rewards are paid to (several peers may share one). */
  account: string
  /** Its running reputation before this epoch, 0..10,000. @default 0 */
  previousReputation?: number
}

export interface EpochRewardInit extends MultiplierInit {
  /** Tokens (wei) the epoch pays out in total. */
  emission: bigint
}

export interface NodeReward {
  peerId: string
  account: Address
  weight: bigint
  multiplier: MultiplierBreakdown
  amount: bigint
}

export function computeEpochRewards (nodes: readonly NodeEpochCounters[], init: EpochRewardInit): NodeReward[] {
  if (typeof init.emission !== 'bigint' || init.emission < 0n) throw new InvalidParametersError('emission must be a non-negative bigint')
  const seen = new Set<string>()
  const rewards: NodeReward[] = nodes.map(n => {
    if (seen.has(n.peerId)) throw new DuplicatePeerError(`peer ${n.peerId} appears twice`)
    seen.add(n.peerId)
    if (!Number.isSafeInteger(n.samples) || n.samples < 0) throw new InvalidParametersError(`samples must be a non-negative integer, got ${n.samples}`)
    if (!Number.isSafeInteger(n.acceptedUpdates) || n.acceptedUpdates < 0) throw new InvalidParametersError(`acceptedUpdates must be a non-negative integer, got ${n.acceptedUpdates}`)
    const multiplier = rewardMultiplier(n, init)
    const quality = BigInt(fractionToBps('quality', n.quality))
    const weight = n.acceptedUpdates === 0 ? 0n : BigInt(n.samples) * quality * multiplier.total
    return { peerId: n.peerId, account: normalizeAddress(n.account), weight, multiplier, amount: 0n }
  })
  const totalWeight = rewards.reduce((s, r) => s + r.weight, 0n)
  if (totalWeight === 0n) return rewards
  let paid = 0n
  const remainders = rewards.map((r, i) => {
    const scaled = init.emission * r.weight
    r.amount = scaled / totalWeight
    paid += r.amount
    return { i, rest: scaled % totalWeight }
  })
  let left = init.emission - paid
  remainders.sort((a, b) => {
    if (a.rest !== b.rest) return a.rest > b.rest ? -1 : 1
    const ra = rewards[a.i]
    const rb = rewards[b.i]
    if (ra.account !== rb.account) return ra.account < rb.account ? -1 : 1
    return ra.peerId < rb.peerId ? -1 : ra.peerId > rb.peerId ? 1 : 0
  })
  for (const { i } of remainders) {
    if (left === 0n) break
    if (rewards[i].weight === 0n) continue
    rewards[i].amount += 1n
    left -= 1n
  }
  return rewards
}
