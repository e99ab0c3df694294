/**
 * The epoch's reputation Merkle tree, built with @openzeppelin/merkle-tree exactly as
 * ReputationRegistry.sol verifies it: leaf = keccak256(bytes.concat(keccak256(abi.encode(
 * address node, uint256 score, uint8 tier)))), sorted pairs.
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import type { Address } from './address.ts'
import { normalizeAddress } from './address.ts'
import { REPUTATION_LEAF_TYPES } from './constants.ts'
import { DuplicateAccountError, InvalidParametersError, UnknownAccountError } from './errors.ts'
import type { Tier } from './score.ts'

export interface ReputationLeaf {
  account: Address
  score: number
  tier: Tier
}

export interface ReputationProof extends ReputationLeaf {
  proof: `0x${string}`[]
}

export interface ReputationTree {
  root: `0x${string}`
  leaves: ReputationLeaf[]
  proofOf: (account: string) => ReputationProof
  /** The library's JSON dump, to persist the tree and reload it with StandardMerkleTree.load. */
  dump: () => unknown
}

export function buildReputationTree (leaves: Array<{ account: string, score: number, tier: number }>): ReputationTree {
  if (leaves.length === 0) throw new InvalidParametersError('a reputation tree needs at least one leaf')
  const seen = new Set<string>()
  const normalized: ReputationLeaf[] = leaves.map(l => {
    const account = normalizeAddress(l.account)
    if (seen.has(account)) throw new DuplicateAccountError(`account ${account} appears twice`)
    seen.add(account)
    if (!Number.isSafeInteger(l.score) || l.score < 0) throw new InvalidParametersError(`bad score ${l.score}`)
    if (!Number.isInteger(l.tier) || l.tier < 0 || l.tier > 3) throw new InvalidParametersError(`bad tier ${l.tier}`)
    return { account, score: l.score, tier: l.tier as Tier }
  })
  const tree = StandardMerkleTree.of(normalized.map(l => [l.account, BigInt(l.score), l.tier]), [...REPUTATION_LEAF_TYPES])
  const index = new Map<string, number>()
  for (const [i, [account]] of tree.entries()) index.set(String(account).toLowerCase(), i)
  return {
    root: tree.root as `0x${string}`,
    leaves: normalized,
    proofOf (account: string): ReputationProof {
      const a = normalizeAddress(account)
      const i = index.get(a)
      if (i === undefined) throw new UnknownAccountError(`no reputation leaf for ${a}`)
      const [, score, tier] = tree.at(i) as [string, bigint, number]
      return { account: a, score: Number(score), tier: tier as Tier, proof: tree.getProof(i) as `0x${string}`[] }
    },
    dump: () => tree.dump()
  }
}
