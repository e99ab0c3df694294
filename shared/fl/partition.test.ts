import { describe, expect, it } from 'vitest'
import { InvalidParametersError } from './errors.ts'
import { iidPartition, nonIidPartition } from './partition.ts'
import { createRandom, shuffleInPlace } from './random.ts'

/** labels with the counts of MNIST's training set, in random order */
const MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
const labels = shuffleInPlace(Uint8Array.from(MNIST_TRAIN_COUNTS.flatMap((n, label) => Array.from({ length: n }, () => label))), createRandom('labels'))

function expectDisjointAndComplete (parts: Uint32Array[], n: number): void {
  const seen = new Uint8Array(n)
  for (const part of parts) for (const i of part) { expect(seen[i]).toBe(0); seen[i] = 1 }
  expect(seen.every(v => v === 1)).toBe(true)
}

describe('IID partition', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = iidPartition({ samples: 60_000, clients: 100, seed: 1 })
    expect(iidPartition({ samples: 60_000, clients: 100, seed: 1 })).toEqual(a)
    expect(iidPartition({ samples: 60_000, clients: 100, seed: 2 })[0]).not.toEqual(a[0])
  })

  it('is disjoint and complete, with equal parts', () => {
    const parts = iidPartition({ samples: 60_001, clients: 100, seed: 3 })
    expectDisjointAndComplete(parts, 60_001)
    expect(new Set(parts.map(p => p.length))).toEqual(new Set([600, 601]))
  })

  it('gives each client a mix of all labels', () => {
    const [mine] = iidPartition({ samples: labels.length, clients: 10, seed: 1 })
    expect(new Set(Array.from(mine, i => labels[i])).size).toBe(10)
  })

  it('refuses impossible splits', () => {
    expect(() => iidPartition({ samples: 5, clients: 6, seed: 1 })).toThrow(InvalidParametersError)
    expect(() => iidPartition({ samples: 5, clients: 0, seed: 1 })).toThrow(InvalidParametersError)
  })
})

describe('pathological non-IID partition', () => {
  const parts = nonIidPartition({ labels, clients: 100, seed: 1 })

  it('gives 100 clients 2 shards of ~300 each, every sample once', () => {
    expect(parts).toHaveLength(100)
    expectDisjointAndComplete(parts, 60_000)
    for (const p of parts) {
      expect(p.length).toBeGreaterThanOrEqual(2 * 270)
      expect(p.length).toBeLessThanOrEqual(2 * 340)
    }
  })

  it('leaves each client at most 2 labels', () => {
    for (const p of parts) expect(new Set(Array.from(p, i => labels[i])).size).toBeLessThanOrEqual(2)
    // and it is not trivially one label each: most clients hold two
    const two = parts.filter(p => new Set(Array.from(p, i => labels[i])).size === 2).length
    expect(two).toBeGreaterThan(70)
  })

  it('is deterministic for a seed and differs between seeds', () => {
    expect(nonIidPartition({ labels, clients: 100, seed: 1 })).toEqual(parts)
    expect(nonIidPartition({ labels, clients: 100, seed: 2 })).not.toEqual(parts)
  })

  it('keeps at most k labels with k shards per client', () => {
    const three = nonIidPartition({ labels, clients: 50, seed: 5, shardsPerClient: 3 })
    expectDisjointAndComplete(three, 60_000)
    for (const p of three) expect(new Set(Array.from(p, i => labels[i])).size).toBeLessThanOrEqual(3)
  })

  it('refuses fewer shards than labels', () => {
    expect(() => nonIidPartition({ labels, clients: 4, seed: 1 })).toThrow(InvalidParametersError)
  })
})
