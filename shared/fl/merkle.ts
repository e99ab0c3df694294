/**
 * A binary sha2-256 Merkle tree over model chunk digests, so a participant can check each
 * chunk it fetched (from any peer) against the root in the signed `RoundAnnounce`.
 *
 * leaf = H(0x00 ‖ chunk digest), node = H(0x01 ‖ left ‖ right) — distinct prefixes so a
 * node can never pass for a leaf (second-preimage). A level with an odd number of nodes
 * promotes its last node unchanged. A proof is the list of sibling hashes from the leaf up,
 * skipping promoted levels; the leaf's index and the leaf count fix the left/right order.
 *
 * This is not the rewards tree (shared/rewards uses keccak and OpenZeppelin's layout to match
 * the contract); it uses multiformats' sha256, which is WebCrypto in browsers, node:crypto
 * in Node.
 */
import { sha256 } from 'multiformats/hashes/sha2'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { InvalidParametersError } from '../errors.ts'

const LEAF = 0x00
const NODE = 0x01
export const HASH_BYTES = 32

async function h (prefix: number, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const buf = new Uint8Array(1 + parts.reduce((a, p) => a + p.length, 0))
  buf[0] = prefix
  let at = 1
  for (const p of parts) { buf.set(p, at); at += p.length }
  return (await sha256.digest(buf)).digest
}

function checkDigest (d: Uint8Array, what: string): void {
  if (!(d instanceof Uint8Array) || d.length !== HASH_BYTES) throw new InvalidParametersError(`${what} must be a ${HASH_BYTES}-byte sha2-256 digest`)
}

/** Every level of the tree, leaves (hashed) first, root last. */
async function levels (digests: Uint8Array[]): Promise<Uint8Array[][]> {
  if (digests.length === 0) throw new InvalidParametersError('a Merkle tree needs at least one leaf')
  digests.forEach((d, i) => { checkDigest(d, `leaf ${i}`) })
  let level = await Promise.all(digests.map(async d => await h(LEAF, d)))
  const out = [level]
  while (level.length > 1) {
    const next: Array<Promise<Uint8Array>> = []
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? h(NODE, level[i], level[i + 1]) : Promise.resolve(level[i]))
    }
    level = await Promise.all(next)
    out.push(level)
  }
  return out
}

/** The Merkle root over `digests` (sha2-256 digests of the chunks, in order). */
export async function merkleRoot (digests: Uint8Array[]): Promise<Uint8Array> {
  const all = await levels(digests)
  return all[all.length - 1][0]
}

/** A tree built once, to hand out proofs for every leaf. */
export class MerkleTree {
  private constructor (private readonly all: Uint8Array[][]) {}

  static async build (digests: Uint8Array[]): Promise<MerkleTree> {
    return new MerkleTree(await levels(digests))
  }

  get root (): Uint8Array { return this.all[this.all.length - 1][0] }
  get leafCount (): number { return this.all[0].length }

  /** Sibling hashes from leaf `index` up to the root. */
  proof (index: number): Uint8Array[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.leafCount) throw new InvalidParametersError(`leaf index ${index} out of range`)
    const out: Uint8Array[] = []
    let i = index
    for (let l = 0; l < this.all.length - 1; l++) {
      const level = this.all[l]
      const sibling = (i & 1) === 1 ? i - 1 : i + 1
      if (sibling < level.length) out.push(level[sibling])
      i >>= 1
    }
    return out
  }
}

/**
 * True when `digest` is leaf `index` of `count` under `root` by `proof`. Never throws on
 * hostile input: wrong lengths or counts simply fail.
 */
export async function verifyMerkleProof (root: Uint8Array, digest: Uint8Array, index: number, count: number, proof: Uint8Array[]): Promise<boolean> {
  if (root?.length !== HASH_BYTES || digest?.length !== HASH_BYTES) return false
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) return false
  if (!Array.isArray(proof) || proof.length > 64) return false
  let node = await h(LEAF, digest)
  let i = index
  let width = count
  let used = 0
  while (width > 1) {
    const sibling = (i & 1) === 1 ? i - 1 : i + 1
    if (sibling < width) {
      const s = proof[used++]
      if (s?.length !== HASH_BYTES) return false
      node = (i & 1) === 1 ? await h(NODE, s, node) : await h(NODE, node, s)
    }
    i >>= 1
    width = Math.ceil(width / 2)
  }
  return used === proof.length && uint8ArrayEquals(node, root)
}
