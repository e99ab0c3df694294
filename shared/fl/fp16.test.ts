import { describe, it, expect } from 'vitest'
import { decodeFloat16, encodeFloat16, float16BitsFromBytes, float16BitsToBytes, fromFloat16Bits, FP16_MAX, fp16Table, isNonFiniteFloat16, toFloat16Bits } from './fp16.ts'
import { testRandom as createRandom } from './test-random.ts'

const f16round = (Math as unknown as { f16round?: (x: number) => number }).f16round

describe('fp16', () => {
  it('round-trips every finite binary16 value exactly', () => {
    for (let b = 0; b < 65536; b++) {
      if (isNonFiniteFloat16(b)) continue
      expect(toFloat16Bits(fromFloat16Bits(b))).toBe(b === 0x8000 ? 0x8000 : b)
    }
  })

  it('rounds like Math.f16round (round to nearest, ties to even)', () => {
    if (f16round == null) return
    const random = createRandom(1)
    const cases = [0, -0, 1, -1, 65504, 65519.99, 65520, -65520, 1e-8, 5.960464477539063e-8, 2 ** -25, 2 ** -25 * (1 + 2 ** -20), 6.1035156e-5, 6.09e-5, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 0.1, 1 / 3, 1e9, -1e-30, Infinity, -Infinity]
    for (let i = 0; i < 100_000; i++) cases.push((random() * 2 - 1) * 10 ** (random() * 12 - 9))
    for (const x of cases) {
      const fx = Math.fround(x)
      expect(fromFloat16Bits(toFloat16Bits(fx))).toBe(f16round(fx))
    }
  })

  it('keeps NaN a NaN and marks NaN/Inf as non-finite', () => {
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true)
    expect(isNonFiniteFloat16(toFloat16Bits(NaN))).toBe(true)
    expect(isNonFiniteFloat16(toFloat16Bits(Infinity))).toBe(true)
    expect(isNonFiniteFloat16(toFloat16Bits(FP16_MAX))).toBe(false)
  })

  it('decodes arrays through the table and little-endian bytes at any alignment', () => {
    const values = new Float32Array([0.5, -2, 3.25, 1e-3, -65504])
    const bits = encodeFloat16(values)
    const bytes = float16BitsToBytes(bits)
    expect([...bytes.subarray(0, 2)]).toEqual([0x00, 0x38])
    const shifted = new Uint8Array(bytes.length + 1)
    shifted.set(bytes, 1)
    const back = decodeFloat16(float16BitsFromBytes(shifted.subarray(1)))
    expect(back[0]).toBe(0.5)
    expect(back[2]).toBe(3.25)
    expect(back[4]).toBe(-65504)
    expect(Math.abs(back[3] - 1e-3)).toBeLessThan(1e-6)
    expect(fp16Table()[0x3c00]).toBe(1)
  })
})
