import { describe, it, expect } from 'vitest'
import { sha256 } from 'multiformats/hashes/sha2'
import { MerkleTree, merkleRoot, verifyMerkleProof } from './merkle.ts'
import { assembleModel, chunkCount, chunkModel, decodeModelChunk, encodeModelChunk, modelCid, verifyChunk } from './model-chunks.ts'

async function digests (n: number): Promise<Uint8Array[]> {
  return await Promise.all(Array.from({ length: n }, async (_, i) => (await sha256.digest(Uint8Array.of(i))).digest))
}

async function rejection (p: Promise<unknown>): Promise<string> {
  try { await p } catch (err) { return (err as Error).name }
  return 'resolved'
}

describe('Merkle tree', () => {
  it('proves every leaf for 1..17 leaves, and nothing else', async () => {
    for (let n = 1; n <= 17; n++) {
      const leaves = await digests(n)
      const tree = await MerkleTree.build(leaves)
      expect(tree.root).toEqual(await merkleRoot(leaves))
      for (let i = 0; i < n; i++) {
        const proof = tree.proof(i)
        expect(await verifyMerkleProof(tree.root, leaves[i], i, n, proof)).toBe(true)
        // wrong index, wrong leaf, wrong count, tampered or padded proof
        if (n > 1) {
          expect(await verifyMerkleProof(tree.root, leaves[i], (i + 1) % n, n, proof)).toBe(false)
          expect(await verifyMerkleProof(tree.root, leaves[(i + 1) % n], i, n, proof)).toBe(false)
          const bad = proof.map(p => p.slice())
          bad[0][0] ^= 1
          expect(await verifyMerkleProof(tree.root, leaves[i], i, n, bad)).toBe(false)
        }
        expect(await verifyMerkleProof(tree.root, leaves[i], i, n, [...proof, leaves[0]])).toBe(false)
      }
    }
  })

  it('a leaf digest never passes for an inner node', async () => {
    const leaves = await digests(4)
    const tree = await MerkleTree.build(leaves)
    // the root of a 2-leaf subtree, offered as a leaf of a 2-leaf tree
    const upper = tree.proof(0)[1]
    expect(await verifyMerkleProof(tree.root, upper, 1, 2, [])).toBe(false)
  })
})

describe('model chunks', () => {
  const weights = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i))

  it('chunks, verifies each chunk against the root and reassembles the model by CID', async () => {
    const model = await chunkModel(weights, { chunkBytes: 4096 })
    expect(model.chunks.length).toBe(chunkCount(10_000, 4096))
    expect(model.chunks.length).toBe(10)
    expect(model.modelCid.toString()).toBe((await modelCid(weights)).toString())
    const descriptor = { modelCid: model.modelCid, merkleRoot: model.merkleRoot, dimension: 10_000, chunkBytes: 4096 }
    const got = []
    for (const c of model.chunks) {
      const cid = await verifyChunk(descriptor, c.index, c.bytes, model.tree.proof(c.index))
      expect(cid.toString()).toBe(c.cid.toString())
      got.push(c.bytes)
    }
    expect(got[9].length).toBe(40_000 - 9 * 4096)
    expect([...await assembleModel(descriptor, got)]).toEqual([...weights])
  })

  it('rejects a tampered, misplaced or mis-sized chunk, and a model that is not the CID', async () => {
    const model = await chunkModel(weights, { chunkBytes: 4096 })
    const d = { modelCid: model.modelCid, merkleRoot: model.merkleRoot, dimension: 10_000, chunkBytes: 4096 }
    const bad = model.chunks[3].bytes.slice()
    bad[100] ^= 1
    expect(await rejection(verifyChunk(d, 3, bad, model.tree.proof(3)))).toBe('ChunkVerificationError')
    expect(await rejection(verifyChunk(d, 4, model.chunks[3].bytes, model.tree.proof(3)))).toBe('ChunkVerificationError')
    expect(await rejection(verifyChunk(d, 9, model.chunks[3].bytes, model.tree.proof(9)))).toBe('ChunkVerificationError')
    expect(await rejection(verifyChunk(d, 10, model.chunks[3].bytes, []))).toBe('ChunkVerificationError')
    const chunks = model.chunks.map(c => c.bytes)
    const swapped = [chunks[1], chunks[0], ...chunks.slice(2)]
    expect(await rejection(assembleModel(d, swapped))).toBe('ChunkVerificationError')
    expect(await rejection(assembleModel(d, chunks.slice(1)))).toBe('WrongShapeError')
  })

  it('serves chunks as ModelChunk frames that decode only for their model and index', async () => {
    const model = await chunkModel(weights, { chunkBytes: 4096 })
    const d = { modelCid: model.modelCid, merkleRoot: model.merkleRoot, dimension: 10_000, chunkBytes: 4096 }
    for (const c of model.chunks) {
      const got = await decodeModelChunk(d, encodeModelChunk(model, c.index))
      expect(got.index).toBe(c.index)
      expect(got.bytes).toEqual(c.bytes)
    }
    const other = await chunkModel(weights.map(x => x + 1), { chunkBytes: 4096 })
    expect(await rejection(decodeModelChunk(d, encodeModelChunk(other, 2)))).toBe('ChunkVerificationError')
    expect(await rejection(decodeModelChunk(d, new Uint8Array(4096 + 64 * 34 + 257)))).toBe('MessageTooLargeError')
    expect(await rejection(decodeModelChunk(d, Uint8Array.of(0x1a, 0xff, 0xff, 0x03)))).toBe('ChunkVerificationError')
    const frame = encodeModelChunk(model, 4)
    expect(await rejection(decodeModelChunk(d, frame.subarray(0, frame.length - 5)))).toBe('ChunkVerificationError')
  })
})
