import { describe, expect, it } from 'vitest'
import { InvalidDataError } from './errors.ts'
import { parseIdxImages, parseIdxLabels } from './idx.ts'
import { idxImages, idxLabels } from './testing/idx.ts'

describe('IDX parser', () => {
  it('reads images and labels', () => {
    const images = parseIdxImages(idxImages(3, 2, 2))
    expect(images).toMatchObject({ count: 3, rows: 2, cols: 2 })
    expect(Array.from(images.pixels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(Array.from(parseIdxLabels(idxLabels([7, 2, 1])))).toEqual([7, 2, 1])
  })

  it('refuses a wrong magic number, a short header or a truncated body', () => {
    expect(() => parseIdxImages(idxLabels([1, 2]))).toThrow(InvalidDataError)
    expect(() => parseIdxLabels(idxImages(1, 1, 1))).toThrow(/magic 2051, expected 2049/)
    expect(() => parseIdxImages(new Uint8Array(7))).toThrow(/too short/)
    expect(() => parseIdxImages(idxImages(2, 2, 2).subarray(0, 20))).toThrow(/header promises 8/)
  })
})
