/**
 * IEEE 754 binary16 ("fp16") conversion for update values.
 *
 * Written by hand rather than with `Float16Array`/`DataView.setFloat16`: those exist in
 * Node 24 and recent Chromium but not in every browser a contributor may open (Safari and
 * older Chromium lack them), and the aggregator's hot loop wants a lookup table anyway
 * (TOOLCHAIN.md: a 64K table decodes ~0.9 G values/s, `Float32Array.set(Float16Array)` 0.33).
 * Encoding rounds to nearest, ties to even, exactly like `Math.f16round` (tested against it
 * where the platform has it).
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Largest finite binary16 value. */
export const FP16_MAX = 65504

const scratchF32 = new Float32Array(1)
const scratchU32 = new Uint32Array(scratchF32.buffer)

/** binary16 bits of `x`, rounded to nearest even; overflow gives ±Infinity, NaN stays NaN. */
export function toFloat16Bits (x: number): number {
  scratchF32[0] = x
  const b = scratchU32[0]
  const sign = (b >>> 16) & 0x8000
  const exp = (b >>> 23) & 0xff
  let mant = b & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0)
  const e = exp - 112 // rebias 127 → 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    // subnormal half (or zero): value = mant' · 2^-24
    if (e < -10) return sign
    mant |= 0x800000
    const shift = 14 - e
    let h = mant >>> shift
    const rest = mant & ((1 << shift) - 1)
    const half = 1 << (shift - 1)
    if (rest > half || (rest === half && (h & 1) === 1)) h++
    return sign | h
  }
  let h = (e << 10) | (mant >>> 13)
  const rest = mant & 0x1fff
  // a carry out of the mantissa correctly bumps the exponent (up to Infinity)
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++
  return sign | h
}

/** The number binary16 `bits` stand for. */
export function fromFloat16Bits (bits: number): number {
  const sign = (bits & 0x8000) !== 0 ? -1 : 1
  const exp = (bits >>> 10) & 0x1f
  const mant = bits & 0x3ff
  if (exp === 0) return sign * mant * 2 ** -24
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN
  return sign * (1 + mant / 1024) * 2 ** (exp - 15)
}

let table: Float32Array | undefined

/** A 65,536-entry table: `FP16_TABLE[bits]` is the float value (built once, 256 KiB). */
export function fp16Table (): Float32Array {
  if (table == null) {
    const t = new Float32Array(65536)
    for (let i = 0; i < 65536; i++) t[i] = fromFloat16Bits(i)
    table = t
  }
  return table
}

/** Encodes `values` to binary16 bits (values beyond ±65504 become ±Infinity; clamp first). */
export function encodeFloat16 (values: ArrayLike<number>, out: Uint16Array = new Uint16Array(values.length)): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i])
  return out
}

/** Decodes binary16 bits to float32. */
export function decodeFloat16 (bits: Uint16Array, out: Float32Array = new Float32Array(bits.length)): Float32Array {
  const t = fp16Table()
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]]
  return out
}

/** True when binary16 `bits` is NaN or ±Infinity. */
export function isNonFiniteFloat16 (bits: number): boolean {
  return (bits & 0x7c00) === 0x7c00
}

/** binary16 bits as little-endian bytes (the wire order). */
export function float16BitsToBytes (bits: Uint16Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bits.length * 2)
  for (let i = 0, j = 0; i < bits.length; i++, j += 2) {
    const b = bits[i]
    out[j] = b & 0xff
    out[j + 1] = b >>> 8
  }
  return out
}

/** Little-endian bytes (any alignment) to binary16 bits; the caller checks the length is even. */
export function float16BitsFromBytes (bytes: Uint8Array, out: Uint16Array = new Uint16Array(bytes.length >>> 1)): Uint16Array {
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer, out.byteOffset, out.length * 2).set(bytes.subarray(0, out.length * 2))
    return out
  }
  for (let i = 0, j = 0; i < out.length; i++, j += 2) out[i] = bytes[j] | (bytes[j + 1] << 8)
  return out
}
