import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { encodeAbiParameters, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { buildReputationTree } from './tree.ts'

const A = '0x1111111111111111111111111111111111111111'
const B = '0x2222222222222222222222222222222222222222'
const C = '0xAbCdEfabcdefABCDEFabcdefabcdefABCDEFabcd'

function nameOf (fn: () => unknown): string | undefined {
  try { fn() } catch (err) { return (err as Error).name }
  return undefined
}

describe('buildReputationTree', () => {
  it('hashes leaves as ReputationRegistry does: keccak256(keccak256(abi.encode(address, uint256, uint8)))', () => {
    const tree = buildReputationTree([{ account: A, score: 7_000, tier: 2 }])
    const inner = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }, { type: 'uint8' }], [A, 7_000n, 2]))
    // a one-leaf tree's root is the leaf itself
    expect(tree.root).toBe(keccak256(inner))
  })

  it('gives every account a proof that verifies, and none for a changed score', () => {
    const tree = buildReputationTree([
      { account: A, score: 1_000, tier: 0 },
      { account: B, score: 5_500, tier: 2 },
      { account: C, score: 9_000, tier: 3 }
    ])
    for (const account of [A, B, C]) {
      const p = tree.proofOf(account)
      expect(StandardMerkleTree.verify(tree.root, ['address', 'uint256', 'uint8'], [p.account, p.score, p.tier], p.proof)).toBe(true)
      expect(StandardMerkleTree.verify(tree.root, ['address', 'uint256', 'uint8'], [p.account, p.score + 1, p.tier], p.proof)).toBe(false)
    }
    expect(tree.proofOf(C.toLowerCase()).score).toBe(9_000)
  })

  it('refuses duplicates, bad addresses, bad tiers and unknown accounts by error name', () => {
    expect(nameOf(() => buildReputationTree([{ account: A, score: 1, tier: 0 }, { account: A.toUpperCase().replace('0X', '0x'), score: 2, tier: 0 }]))).toBe('DuplicateAccountError')
    expect(nameOf(() => buildReputationTree([{ account: '0x1234', score: 1, tier: 0 }]))).toBe('InvalidAddressError')
    expect(nameOf(() => buildReputationTree([{ account: A, score: 1, tier: 4 }]))).toBe('InvalidParametersError')
    expect(nameOf(() => buildReputationTree([]))).toBe('InvalidParametersError')
    expect(nameOf(() => buildReputationTree([{ account: A, score: 1, tier: 0 }]).proofOf(B))).toBe('UnknownAccountError')
  })
})
