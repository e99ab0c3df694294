import { beforeAll, describe, expect, it } from 'vitest'
import { loadSamples } from '#shared/fl/dataset.ts'
import type { Samples } from '#shared/fl/dataset.ts'
import { AbortError, NonFiniteWeightsError, WeightsLengthError } from '#shared/fl/errors.ts'
import { MNIST_2NN, MNIST_CNN } from '#shared/fl/paper-models.ts'
import { probeBackend } from '#shared/fl/probe.ts'
import { Trainer } from '#shared/fl/trainer.ts'
import { applyDelta, initWeights } from '#shared/fl/weights.ts'
import { mnistSource } from './mnist.ts'
import { createNodeTrainer, tf, useNodeBackend } from './node-tf.ts'

let train: Samples
let test: Samples

beforeAll(async () => {
  const source = await mnistSource()
  train = await loadSamples(source, { split: 'train', kind: 'iid', clients: 50, client: 0, seed: 1 })
  test = await loadSamples(source, { split: 'test', kind: 'range', start: 0, count: 500 })
  await useNodeBackend('wasm')
})

describe('training in Node (tfjs + tfjs-backend-wasm)', () => {
  it('trains the 2NN on real MNIST digits: loss falls, accuracy is far above chance, nothing leaks', async () => {
    const trainer = createNodeTrainer()
    const base = initWeights(MNIST_2NN)
    trainer.load(MNIST_2NN, base)
    const before = await trainer.evaluate(test)
    const tensors = tf.memory().numTensors
    const progress: number[] = []
    const result = await trainer.train(train, { epochs: 2, batchSize: 10, lr: 0.1, schedule: 'linear-decay' }, { onProgress: p => progress.push(p.samples) })
    expect(tf.memory().numTensors).toBe(tensors)
    expect(result.backend).toBe('wasm')
    expect(result.samples).toBe(2 * 1200)
    expect(result.loss).toBeLessThan(result.firstLoss * 0.5)
    expect(result.delta).toHaveLength(199_210)
    expect(progress.at(-1)).toBe(2400)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    const after = await trainer.evaluate(test)
    expect(before.accuracy).toBeLessThan(0.3)
    expect(after.accuracy).toBeGreaterThan(0.85)
    // the delta is what moved the model (up to float rounding of base + (local − base))
    const rebuilt = applyDelta(base, result.delta)
    const local = trainer.currentWeights()
    expect(rebuilt.reduce((m, v, i) => Math.max(m, Math.abs(v - local[i])), 0)).toBeLessThan(1e-6)
    trainer.dispose()
  })

  it('trains the CNN on wasm (needs the registered Conv2DBackpropFilter kernel) with a falling loss', async () => {
    const trainer = createNodeTrainer()
    trainer.load(MNIST_CNN, initWeights(MNIST_CNN))
    const tensors = tf.memory().numTensors
    const few = { ...train, count: 200 }
    const result = await trainer.train(few, { epochs: 1, batchSize: 10, lr: 0.05 })
    expect(tf.memory().numTensors).toBe(tensors)
    expect(result.loss).toBeLessThan(result.firstLoss)
    expect(result.delta.some(v => v !== 0)).toBe(true)
    trainer.dispose()
  })

  it('stops at the next batch when aborted, keeps the weights it started with and leaks nothing', async () => {
    const trainer = createNodeTrainer({ progressIntervalMs: 0 })
    const base = initWeights(MNIST_2NN)
    trainer.load(MNIST_2NN, base)
    const tensors = tf.memory().numTensors
    const controller = new AbortController()
    let reports = 0
    const err = await trainer.train(train, { epochs: 5, batchSize: 10, lr: 0.1 }, {
      signal: controller.signal,
      onProgress: () => { if (++reports === 3) controller.abort() }
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AbortError)
    expect((err as Error).name).toBe('AbortError')
    expect(reports).toBe(3)
    expect(trainer.currentWeights()).toEqual(base)
    expect(tf.memory().numTensors).toBe(tensors)
    trainer.dispose()
  })

  it('evaluates given weights without keeping them', async () => {
    const trainer = createNodeTrainer()
    const base = initWeights(MNIST_2NN)
    trainer.load(MNIST_2NN, base)
    const other = initWeights(MNIST_2NN, 99)
    const a = await trainer.evaluate(test, { weights: other })
    const b = await trainer.evaluate(test)
    expect(a.loss).not.toBe(b.loss)
    expect(trainer.currentWeights()).toEqual(base)
    trainer.dispose()
  })

  it('refuses weights of the wrong length or with NaN with typed errors', () => {
    const trainer = createNodeTrainer()
    expect(() => trainer.load(MNIST_2NN, new Float32Array(10))).toThrow(WeightsLengthError)
    const nan = initWeights(MNIST_2NN)
    nan[5] = NaN
    expect(() => trainer.load(MNIST_2NN, nan)).toThrow(NonFiniteWeightsError)
    trainer.load(MNIST_2NN, initWeights(MNIST_2NN))
    return expect(trainer.evaluate(test, { weights: nan })).rejects.toThrow(NonFiniteWeightsError)
  })
})

describe('backend probe', () => {
  it('times real training steps of the model on the active backend and leaks nothing', async () => {
    await useNodeBackend('wasm')
    const tensors = tf.memory().numTensors
    const result = await probeBackend({ tf, spec: MNIST_2NN, backend: 'wasm', batchSize: 10, budgetMs: 200 })
    expect(tf.memory().numTensors).toBe(tensors)
    expect(result).toMatchObject({ backend: 'wasm', batchSize: 10, timedOut: false })
    expect(result.steps).toBeGreaterThan(0)
    expect(result.samplesPerSec).toBeGreaterThan(50)
  })

  it('measures a slow backend with single samples instead of full batches', async () => {
    await useNodeBackend('wasm')
    // a warm-up budget no real batch fits in: the ladder stops after the one-sample steps
    const result = await probeBackend({ tf, spec: MNIST_CNN, backend: 'wasm', batchSize: 50, warmupBudgetMs: 10 })
    expect(result.batchSize).toBe(1)
    expect(result.steps).toBeLessThanOrEqual(1)
    expect(result.samplesPerSec).toBeGreaterThan(0)
  })
})

describe('backends agree', () => {
  async function logitsOn (backend: 'wasm' | 'cpu', spec: typeof MNIST_2NN, weights: Float32Array, samples: Samples): Promise<Float32Array> {
    await useNodeBackend(backend)
    const trainer = new Trainer({ tf })
    trainer.load(spec, weights)
    try { return await trainer.predict(samples) } finally { trainer.dispose() }
  }

  it('wasm and cpu forward passes agree within 1e-4 on the same weights (2NN and CNN)', async () => {
    const few = { ...test, count: 20 }
    for (const spec of [MNIST_2NN, MNIST_CNN]) {
      const w = initWeights(spec, 3)
      const a = await logitsOn('wasm', spec, w, few)
      const b = await logitsOn('cpu', spec, w, few)
      let max = 0
      for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]))
      expect(max).toBeLessThan(1e-4)
    }
    await useNodeBackend('wasm')
  })

  it('the wasm Conv2DBackpropFilter matches the cpu gradient (same and valid padding, strides 1 and 2)', async () => {
    const cases = [
      { x: [2, 28, 28, 1], f: [5, 5, 1, 4], stride: 1, pad: 'same' },
      { x: [3, 14, 14, 4], f: [5, 5, 4, 6], stride: 1, pad: 'same' },
      { x: [2, 13, 11, 3], f: [3, 5, 3, 2], stride: 2, pad: 'valid' },
      { x: [2, 12, 12, 2], f: [5, 5, 2, 3], stride: 2, pad: 'same' }
    ] as const
    for (const c of cases) {
      const grad = async (backend: 'wasm' | 'cpu'): Promise<Float32Array> => {
        await useNodeBackend(backend)
        const g = tf.tidy(() => {
          const x = tf.randomUniform([...c.x], -1, 1, 'float32', 11) as tf.Tensor4D
          const f = tf.randomUniform([...c.f], -1, 1, 'float32', 12) as tf.Tensor4D
          return tf.grad(filter => tf.sum(tf.square(tf.conv2d(x, filter as tf.Tensor4D, c.stride, c.pad))))(f)
        })
        const v = await g.data() as Float32Array
        g.dispose()
        return v
      }
      const [w, cpu] = [await grad('wasm'), await grad('cpu')]
      expect(w.length).toBe(cpu.length)
      let max = 0
      for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i] - cpu[i]) / Math.max(1, Math.abs(cpu[i])))
      expect(max).toBeLessThan(1e-4)
    }
    await useNodeBackend('wasm')
  })
})
