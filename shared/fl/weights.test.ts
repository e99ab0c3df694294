import { describe, expect, it } from 'vitest'
import { NonFiniteWeightsError, WeightsLengthError } from './errors.ts'
import { parameterCount } from './model-spec.ts'
import { MNIST_2NN, MNIST_CNN } from './paper-models.ts'
import { applyDelta, initWeights, splitWeights, validateWeights, weightsCid, weightsDelta, weightsFromBytes, weightsToBytes } from './weights.ts'

describe('weights', () => {
  it('initialises deterministically from the spec seed, Glorot-bounded kernels and zero biases', () => {
    const a = initWeights(MNIST_2NN)
    const b = initWeights(MNIST_2NN)
    expect(a).toEqual(b)
    expect(initWeights(MNIST_2NN, 2)).not.toEqual(a)
    const [k0, b0] = splitWeights(MNIST_2NN, a)
    const limit = Math.sqrt(6 / (784 + 200))
    const largest = k0.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    expect(largest).toBeLessThanOrEqual(limit)
    expect(largest).toBeGreaterThan(limit * 0.99)
    expect(b0.values.every(v => v === 0)).toBe(true)
  })

  it('round-trips through little-endian bytes', () => {
    const w = initWeights(MNIST_CNN)
    const bytes = weightsToBytes(w)
    expect(bytes.byteLength).toBe(parameterCount(MNIST_CNN) * 4)
    expect(new DataView(bytes.buffer, bytes.byteOffset).getFloat32(4 * 7, true)).toBe(w[7])
    expect(weightsFromBytes(bytes.slice())).toEqual(w)
  })

  it('split views cover the whole vector in layout order', () => {
    const w = initWeights(MNIST_CNN)
    const parts = splitWeights(MNIST_CNN, w)
    const joined = new Float32Array(w.length)
    for (const p of parts) joined.set(p.values, p.layout.offset)
    expect(joined).toEqual(w)
  })

  it('has a sha2-256 CIDv1 that is stable and changes with one value', async () => {
    const w = initWeights(MNIST_2NN)
    const cid = await weightsCid(w)
    expect(cid.version).toBe(1)
    expect(cid.code).toBe(0x55)
    expect(cid.multihash.code).toBe(0x12)
    expect((await weightsCid(w.slice())).toString()).toBe(cid.toString())
    const changed = w.slice()
    changed[123] += 1e-3
    expect((await weightsCid(changed)).toString()).not.toBe(cid.toString())
  })

  it('refuses a vector of the wrong length with WeightsLengthError', () => {
    const short = new Float32Array(parameterCount(MNIST_2NN) - 1)
    try {
      validateWeights(MNIST_2NN, short)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(WeightsLengthError)
      expect((err as Error).name).toBe('WeightsLengthError')
      expect((err as WeightsLengthError).expected).toBe(199_210)
    }
  })

  it('refuses NaN and Infinity with NonFiniteWeightsError naming the index', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const w = initWeights(MNIST_2NN)
      w[4242] = bad
      expect(() => validateWeights(MNIST_2NN, w)).toThrow(NonFiniteWeightsError)
      try { validateWeights(MNIST_2NN, w) } catch (err) { expect((err as NonFiniteWeightsError).index).toBe(4242) }
    }
  })

  it('refuses something that is not a Float32Array', () => {
    expect(() => validateWeights(MNIST_2NN, Array.from({ length: 199_210 }, () => 0))).toThrow(/Float32Array/)
  })

  it('delta and apply are inverse', () => {
    const base = initWeights(MNIST_2NN)
    const local = initWeights(MNIST_2NN, 7)
    const delta = weightsDelta(local, base)
    const back = applyDelta(base, delta)
    for (let i = 0; i < back.length; i += 997) expect(back[i]).toBeCloseTo(local[i], 6)
    expect(() => weightsDelta(local.subarray(1), base)).toThrow(WeightsLengthError)
  })
})
