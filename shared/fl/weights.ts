/**
 * The flat weights vector: one Float32Array holding every tensor of a model in the order of
 * `weightsLayout(spec)`. Its bytes (little-endian float32) are content-addressed with a
 * CIDv1 (raw codec, sha2-256) so the same model has the same id on every platform.
 */
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { InvalidParametersError, NonFiniteWeightsError, WeightsLengthError } from './errors.ts'
import { parameterCount, weightsLayout } from './model-spec.ts'
import type { ModelSpec, TensorLayout } from './model-spec.ts'
import { createRandom } from './random.ts'

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/**
 * Refuses a weights vector that does not fit `spec` (or the given length) or that holds
 * NaN/±Infinity, with a typed error (`WeightsLengthError`, `NonFiniteWeightsError`).
 */
export function validateWeights (specOrLength: ModelSpec | number, weights: unknown): asserts weights is Float32Array {
  if (!(weights instanceof Float32Array)) {
    throw new InvalidParametersError(`Weights must be a Float32Array, got ${Object.prototype.toString.call(weights)}`)
  }
  const expected = typeof specOrLength === 'number' ? specOrLength : parameterCount(specOrLength)
  if (weights.length !== expected) throw new WeightsLengthError(expected, weights.length)
  for (let i = 0; i < weights.length; i++) {
    // NaN and ±Infinity are the only values for which x - x is not 0
    if (weights[i] - weights[i] !== 0) throw new NonFiniteWeightsError(i)
  }
}

/**
 * Fresh weights for `spec`: Glorot-uniform kernels (limit √(6 / (fanIn + fanOut))), zero
 * biases, drawn from a seeded generator so every platform starts from the same model.
 */
export function initWeights (spec: ModelSpec, seed: number = spec.init.seed): Float32Array {
  const layout = weightsLayout(spec)
  const out = new Float32Array(parameterCount(spec))
  const random = createRandom(`${spec.id}:${seed}`)
  for (const t of layout) {
    if (t.kind !== 'kernel') continue
    const limit = Math.sqrt(6 / (t.fanIn + t.fanOut))
    for (let i = t.offset; i < t.offset + t.size; i++) out[i] = (random() * 2 - 1) * limit
  }
  return out
}

/** Views (no copy) of each tensor inside the flat vector, in layout order. */
export function splitWeights (spec: ModelSpec, weights: Float32Array): Array<{ layout: TensorLayout, values: Float32Array }> {
  validateWeights(parameterCount(spec), weights)
  return weightsLayout(spec).map(layout => ({ layout, values: weights.subarray(layout.offset, layout.offset + layout.size) }))
}

/** Little-endian float32 bytes of a weights vector (a view when the platform is little-endian). */
export function weightsToBytes (weights: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength)
  const out = new Uint8Array(weights.byteLength)
  const view = new DataView(out.buffer)
  for (let i = 0; i < weights.length; i++) view.setFloat32(i * 4, weights[i], true)
  return out
}

/** The inverse of `weightsToBytes` (always copies). */
export function weightsFromBytes (bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new InvalidParametersError(`Weights bytes must be a multiple of 4 long, got ${bytes.byteLength}`)
  const out = new Float32Array(bytes.byteLength / 4)
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes)
    return out
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true)
  return out
}

/** Content id of a weights vector: CIDv1, raw codec, sha2-256 of its little-endian bytes. */
export async function weightsCid (weights: Float32Array): Promise<CID> {
  const digest = await sha256.digest(weightsToBytes(weights))
  return CID.createV1(raw.code, digest)
}

/** `local − base`, the update a client sends. */
export function weightsDelta (local: Float32Array, base: Float32Array): Float32Array {
  if (local.length !== base.length) throw new WeightsLengthError(base.length, local.length)
  const out = new Float32Array(local.length)
  for (let i = 0; i < out.length; i++) out[i] = local[i] - base[i]
  return out
}

/** `base + delta`, a new vector. */
export function applyDelta (base: Float32Array, delta: Float32Array): Float32Array {
  if (delta.length !== base.length) throw new WeightsLengthError(base.length, delta.length)
  const out = new Float32Array(base.length)
  for (let i = 0; i < out.length; i++) out[i] = base[i] + delta[i]
  return out
}
