/**
 * Sparse vectors on the wire: top-k selection by magnitude and the index coding
 * (first index, then strictly positive gaps, each as an unsigned LEB128 varint).
 *
 * Both are written by hand: no maintained npm package selects the k largest magnitudes of a
 * Float32Array in O(n) (sorting 1.6 M values is ~10× slower than a quickselect), and the
 * varint decoder must do more than `uint8-varint`: reject non-canonical or over-long varints,
 * zero gaps (indices not strictly increasing), indices ≥ the model's dimension and trailing
 * bytes, all before the caller trusts a single index, and allocate nothing beyond the k
 * the caller already bounded.
 */
import { InvalidParametersError } from '../errors.ts'
import { WrongShapeError } from './update-errors.ts'

/** Largest varint a u32 index or gap takes (bytes). */
export const MAX_VARINT_BYTES = 5

/** Number of values top-k keeps for `fraction` of `dimension` (at least 1, at most dimension). */
export function topKCount (dimension: number, fraction: number): number {
  if (!Number.isInteger(dimension) || dimension < 1) throw new InvalidParametersError(`dimension must be a positive integer, got ${dimension}`)
  if (!(fraction > 0 && fraction <= 1)) throw new InvalidParametersError(`fraction must be in (0, 1], got ${fraction}`)
  return Math.min(dimension, Math.max(1, Math.ceil(dimension * fraction)))
}

/** The value at rank `kth` (ascending) of `a`; reorders `a` (Hoare-style quickselect). */
function selectInPlace (a: Float32Array, kth: number): number {
  let lo = 0
  let hi = a.length - 1
  while (hi > lo) {
    const mid = (lo + hi) >>> 1
    const x = a[lo]
    const y = a[mid]
    const z = a[hi]
    const pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y))
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) {
        const t = a[i]; a[i] = a[j]; a[j] = t
        i++; j--
      }
    }
    if (kth <= j) hi = j
    else if (kth >= i) lo = i
    else return a[kth]
  }
  return a[kth]
}

/**
 * Indices (ascending) of the `k` entries of `values` with the largest magnitude. Ties at the
 * threshold go to the lowest indices, so the result is deterministic. `values` must be finite.
 */
export function topKIndices (values: Float32Array, k: number): Uint32Array {
  const n = values.length
  if (!Number.isInteger(k) || k < 0) throw new InvalidParametersError(`k must be a non-negative integer, got ${k}`)
  if (k >= n) return Uint32Array.from({ length: n }, (_, i) => i)
  const out = new Uint32Array(k)
  if (k === 0) return out
  const mags = new Float32Array(n)
  for (let i = 0; i < n; i++) mags[i] = Math.abs(values[i])
  const threshold = selectInPlace(mags, n - k)
  let above = 0
  for (let i = 0; i < n; i++) if (Math.abs(values[i]) > threshold) above++
  let ties = k - above
  let at = 0
  for (let i = 0; i < n && at < k; i++) {
    const m = Math.abs(values[i])
    if (m > threshold) out[at++] = i
    else if (m === threshold && ties > 0) { out[at++] = i; ties-- }
  }
  return out
}

/** Varint-codes strictly increasing `indices` as first index then gaps. */
export function encodeIndices (indices: Uint32Array): Uint8Array<ArrayBuffer> {
  const buf = new Uint8Array(indices.length * MAX_VARINT_BYTES)
  let at = 0
  let prev = -1
  for (let i = 0; i < indices.length; i++) {
    const idx = indices[i]
    if (idx <= prev) throw new InvalidParametersError(`indices must be strictly increasing (index ${i})`)
    let v = i === 0 ? idx : idx - prev
    prev = idx
    while (v >= 0x80) {
      buf[at++] = (v & 0x7f) | 0x80
      v >>>= 7
    }
    buf[at++] = v
  }
  return buf.slice(0, at)
}

/**
 * Decodes `count` indices from `bytes`, checking every one: canonical varints of at most
 * 5 bytes, gaps > 0, indices < `dimension`, no bytes left over. The caller bounds `count`
 * (≤ its max k) before calling: this allocates exactly `count` u32s, after checking that
 * `bytes` can hold them. Throws `WrongShapeError`.
 */
export function decodeIndices (bytes: Uint8Array, count: number, dimension: number): Uint32Array {
  if (!Number.isInteger(count) || count < 0 || count > dimension) throw new WrongShapeError(`${count} indices for dimension ${dimension}`)
  if (bytes.length < count || bytes.length > count * MAX_VARINT_BYTES) {
    throw new WrongShapeError(`${bytes.length} index bytes cannot hold ${count} varints`)
  }
  const out = new Uint32Array(count)
  const len = bytes.length
  let at = 0
  let prev = -1
  for (let i = 0; i < count; i++) {
    // unrolled LEB128: reads past the end yield undefined (→ 0, loop ends) and are caught below
    let b = bytes[at++]
    let v = b & 0x7f
    if (b >= 0x80) {
      b = bytes[at++]
      v |= (b & 0x7f) << 7
      if (b >= 0x80) {
        b = bytes[at++]
        v |= (b & 0x7f) << 14
        if (b >= 0x80) {
          b = bytes[at++]
          v |= (b & 0x7f) << 21
          if (b >= 0x80) {
            b = bytes[at++]
            if (b > 0x0f) throw new WrongShapeError(`varint ${i} is longer than ${MAX_VARINT_BYTES} bytes or over 32 bits`)
            v = (v >>> 0) + b * 2 ** 28
          }
        }
      }
      if (b === 0) throw new WrongShapeError(`varint ${i} is not canonical`)
    }
    if (at > len) throw new WrongShapeError(`index bytes end inside varint ${i}`)
    if (i > 0 && v === 0) throw new WrongShapeError(`indices are not strictly increasing at ${i}`)
    const idx = i === 0 ? v : prev + v
    if (idx >= dimension) throw new WrongShapeError(`index ${idx} is out of range for dimension ${dimension}`)
    out[i] = idx
    prev = idx
  }
  if (at !== bytes.length) throw new WrongShapeError(`${bytes.length - at} bytes left after ${count} indices`)
  return out
}
