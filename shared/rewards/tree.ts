/**
 * The epoch's reward Merkle tree, built with @openzeppelin/merkle-tree exactly as
 * RewardDistributor.sol verifies it: leaf = keccak256(bytes.concat(keccak256(abi.encode(
 * address account, uint256 amount)))), sorted pairs.
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { normalizeAddress } from '../reputation/address.ts'
import type { Address } from '../reputation/address.ts'
import { REWARD_LEAF_TYPES } from './constants.ts'
import { DuplicateAccountError, InvalidParametersError, UnknownAccountError } from './errors.ts'

export interface RewardClaim {
  account: Address
  amount: bigint
  proof: `0x${string}`[]
}

export interface RewardTree {
  root: `0x${string}`
  /** Sum of all leaves: what RewardDistributor.publishRoot mints for the epoch. */
  total: bigint
  claims: RewardClaim[]
  proofOf: (account: string) => RewardClaim
  /** The library's JSON dump, to persist the tree and reload it with StandardMerkleTree.load. */
  dump: () => unknown
}

export function buildRewardTree (entries: ReadonlyArray<{ account: string, amount: bigint }>): RewardTree {
  if (entries.length === 0) throw new InvalidParametersError('a reward tree needs at least one leaf')
  const seen = new Set<string>()
  let total = 0n
  const values = entries.map(e => {
    const account = normalizeAddress(e.account)
    if (seen.has(account)) throw new DuplicateAccountError(`account ${account} appears twice`)
    seen.add(account)
    if (typeof e.amount !== 'bigint' || e.amount <= 0n || e.amount >= 2n ** 256n) throw new InvalidParametersError(`amount for ${account} must be a positive uint256`)
    total += e.amount
    return [account, e.amount] as [Address, bigint]
  })
  const tree = StandardMerkleTree.of(values, [...REWARD_LEAF_TYPES])
  const claims: RewardClaim[] = []
  const byAccount = new Map<string, RewardClaim>()
  for (const [i, [account, amount]] of tree.entries()) {
    const claim = { account: account as Address, amount: BigInt(amount), proof: tree.getProof(i) as `0x${string}`[] }
    claims.push(claim)
    byAccount.set(claim.account, claim)
  }
  return {
    root: tree.root as `0x${string}`,
    total,
    claims,
    proofOf (account: string): RewardClaim {
      const a = normalizeAddress(account)
      const claim = byAccount.get(a)
      if (claim === undefined) throw new UnknownAccountError(`no reward leaf for ${a}`)
      return claim
    },
    dump: () => tree.dump()
  }
}
