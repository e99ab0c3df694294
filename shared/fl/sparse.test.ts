import { describe, it, expect } from 'vitest'
import { testRandom as createRandom } from './test-random.ts'
import { decodeIndices, encodeIndices, topKCount, topKIndices } from './sparse.ts'

function reference (values: Float32Array, k: number): number[] {
  return [...values.keys()].sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b).slice(0, k).sort((a, b) => a - b)
}

function shapeError (f: () => unknown): string {
  try { f() } catch (err) { return (err as Error).name }
  return 'returned'
}

describe('top-k', () => {
  it('keeps the k largest magnitudes, ascending, ties to the lowest index', () => {
    const random = createRandom(7)
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      const v = Float32Array.from({ length: n }, () => Math.round((random() * 2 - 1) * 20) / 4)
      for (const k of [0, 1, Math.ceil(n / 100), Math.ceil(n / 3), n - 1, n]) {
        expect([...topKIndices(v, k)]).toEqual(reference(v, k))
      }
    }
  })

  it('handles all-equal and all-zero vectors', () => {
    expect([...topKIndices(new Float32Array(10), 3)]).toEqual([0, 1, 2])
    expect([...topKIndices(new Float32Array(10).fill(-1), 4)]).toEqual([0, 1, 2, 3])
  })

  it('sizes k from a fraction', () => {
    expect(topKCount(1_663_370, 0.01)).toBe(16_634)
    expect(topKCount(10, 0.001)).toBe(1)
    expect(topKCount(10, 1)).toBe(10)
    expect(shapeError(() => topKCount(10, 0))).toBe('InvalidParametersError')
  })
})

describe('varint delta indices', () => {
  it('round-trips, one byte per small gap', () => {
    const idx = Uint32Array.from([0, 1, 5, 127, 128, 300, 70_000, 1_663_369])
    const bytes = encodeIndices(idx)
    expect([...decodeIndices(bytes, idx.length, 1_663_370)]).toEqual([...idx])
    expect(encodeIndices(Uint32Array.from([3, 4, 5])).length).toBe(3)
    const wide = Uint32Array.from([2 ** 21 + 3, 2 ** 28 + 5, 2 ** 32 - 2])
    expect([...decodeIndices(encodeIndices(wide), 3, 2 ** 32 - 1)]).toEqual([...wide])
    expect(encodeIndices(new Uint32Array(0)).length).toBe(0)
  })

  it('refuses indices not strictly increasing on encode', () => {
    expect(shapeError(() => encodeIndices(Uint32Array.from([2, 2])))).toBe('InvalidParametersError')
  })

  it('rejects hostile index bytes with WrongShapeError', () => {
    const dim = 1000
    // zero gap: not increasing
    expect(shapeError(() => decodeIndices(Uint8Array.from([5, 0]), 2, dim))).toBe('WrongShapeError')
    // out of range
    expect(shapeError(() => decodeIndices(Uint8Array.from([0xe8, 0x07]), 1, dim))).toBe('WrongShapeError')
    expect(shapeError(() => decodeIndices(Uint8Array.from([0xe7, 0x07, 1]), 2, dim))).toBe('WrongShapeError')
    // non-canonical (trailing zero group)
    expect(shapeError(() => decodeIndices(Uint8Array.from([0x81, 0x00]), 1, dim))).toBe('WrongShapeError')
    // over-long varint
    expect(shapeError(() => decodeIndices(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 1, 2 ** 31))).toBe('WrongShapeError')
    // truncated inside a varint
    expect(shapeError(() => decodeIndices(Uint8Array.from([1, 0x81]), 2, dim))).toBe('WrongShapeError')
    // trailing bytes
    expect(shapeError(() => decodeIndices(Uint8Array.from([1, 2, 3]), 2, dim))).toBe('WrongShapeError')
    // k > dim, or too few bytes for k: refused before allocating k slots
    expect(shapeError(() => decodeIndices(new Uint8Array(4), 2 ** 32 - 1, dim))).toBe('WrongShapeError')
    expect(shapeError(() => decodeIndices(new Uint8Array(4), 900, dim))).toBe('WrongShapeError')
  })
})
