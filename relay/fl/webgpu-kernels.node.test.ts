/**
 * Our WGSL kernels (shared/fl/webgpu-kernels.ts) against the tfjs cpu backend, run by tfjs's
 * webgpu backend on Dawn (SwiftShader here, no GPU needed): random shapes, both split-K paths,
 * both tile sizes, strides and paddings; then whole training steps.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { MNIST_2NN, MNIST_CNN } from '#shared/fl/paper-models.ts'
import { createRandom } from '#shared/fl/random.ts'
import { buildModel } from '#shared/fl/model-builder.ts'
import type { Tensor } from '#shared/fl/tf.ts'
import { fusedKernelsActive, planFilterGrad, softmaxCrossEntropy } from '#shared/fl/webgpu-kernels.ts'
import { initWeights } from '#shared/fl/weights.ts'
import { loadSamples } from '#shared/fl/dataset.ts'
import { mnistSource } from './mnist.ts'
import { createNodeTrainer, tf, useNodeBackend } from './node-tf.ts'
import { useNodeWebGpu } from './node-webgpu.ts'

const TOLERANCE = 1e-4

/** max |a − b| over max(1, max |b|): the error relative to the result's scale */
function relError (a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let diff = 0
  let scale = 1
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]))
    scale = Math.max(scale, Math.abs(b[i]))
  }
  return diff / scale
}

/** the kernel the conv gradient calls (no public op) */
const filterGrad = (x: Tensor, dy: Tensor, filterShape: number[], strides: number, pad: 'same' | 'valid'): Tensor =>
  tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape } as never) as Tensor

const randomArray = (n: number, rand: () => number): Float32Array => Float32Array.from({ length: n }, () => rand() * 2 - 1)

/** Runs `fn` on `backend` with fresh tensors and returns the values it produced. */
async function on (backend: 'cpu' | 'webgpu', fn: () => Tensor | Tensor[]): Promise<Float32Array[]> {
  if (backend === 'webgpu') await useNodeWebGpu()
  else await useNodeBackend('cpu')
  const out = tf.tidy(fn)
  const list = Array.isArray(out) ? out : [out]
  const values = await Promise.all(list.map(async t => await t.data() as Float32Array))
  for (const t of list) t.dispose()
  return values
}

let adapter = ''
beforeAll(async () => {
  adapter = (await useNodeWebGpu()).adapter
}, 60_000)

describe('WGSL kernels on tfjs webgpu (Dawn) agree with the cpu backend', () => {
  it('runs on a WebGPU adapter with our kernels registered', () => {
    expect(adapter).not.toBe('unknown')
    expect(fusedKernelsActive(tf)).toBe(true)
  })

  it('plans split-K for a long reduction and a single pass for a short one', () => {
    const conv2B500 = planFilterGrad(800, 64, 500 * 14 * 14)
    expect(conv2B500.tile).toBe(64)
    expect(conv2B500.splits).toBeGreaterThan(16)
    expect(conv2B500.chunk * conv2B500.splits).toBeGreaterThanOrEqual(conv2B500.K)
    expect(conv2B500.chunk * (conv2B500.splits - 1)).toBeLessThan(conv2B500.K)
    const tiny = planFilterGrad(9, 4, 50)
    expect(tiny).toMatchObject({ tile: 32, splits: 1 })
  })

  it('Conv2DBackpropFilter: random shapes, strides 1–2, same/valid padding, within 1e-4', async () => {
    const rand = createRandom('filter-grad-shapes')
    const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))
    const cases = Array.from({ length: 10 }, (_, i) => ({
      batch: int(1, 4), h: int(3, 12), w: int(3, 12), ci: int(1, 6), co: i % 3 === 0 ? int(33, 70) : int(1, 20),
      k: int(1, 5), stride: int(1, 2), pad: rand() < 0.5 ? 'same' as const : 'valid' as const
    })).filter(c => c.pad === 'same' || (c.k <= c.h && c.k <= c.w))
    // a long reduction, so the split-K path with its second pass runs too
    cases.push({ batch: 16, h: 14, w: 14, ci: 3, co: 40, k: 3, stride: 1, pad: 'same' })
    const plans = new Set<number>()
    for (const c of cases) {
      const x = randomArray(c.batch * c.h * c.w * c.ci, rand)
      const out = (n: number): number => c.pad === 'same' ? Math.ceil(n / c.stride) : Math.ceil((n - c.k + 1) / c.stride)
      const [oh, ow] = [out(c.h), out(c.w)]
      const dy = randomArray(c.batch * oh * ow * c.co, rand)
      plans.add(planFilterGrad(c.k * c.k * c.ci, c.co, c.batch * oh * ow).splits > 1 ? 2 : 1)
      const grad = (): Tensor => filterGrad(tf.tensor4d(x, [c.batch, c.h, c.w, c.ci]), tf.tensor4d(dy, [c.batch, oh, ow, c.co]), [c.k, c.k, c.ci, c.co], c.stride, c.pad)
      const [ours] = await on('webgpu', grad)
      const [ref] = await on('cpu', grad)
      expect(relError(ours, ref), JSON.stringify(c)).toBeLessThan(TOLERANCE)
    }
    expect([...plans].sort()).toEqual([1, 2])
  }, 120_000)

  it('Conv2DBackpropFilter: the CNN\'s second conv (5×5×32→64, 13 row tiles, split-K)', async () => {
    const rand = createRandom('filter-grad-cnn')
    const x = randomArray(2 * 14 * 14 * 32, rand)
    const dy = randomArray(2 * 14 * 14 * 64, rand)
    const grad = (): Tensor => filterGrad(tf.tensor4d(x, [2, 14, 14, 32]), tf.tensor4d(dy, [2, 14, 14, 64]), [5, 5, 32, 64], 1, 'same')
    const [ours] = await on('webgpu', grad)
    const [ref] = await on('cpu', grad)
    expect(relError(ours, ref)).toBeLessThan(TOLERANCE)
  }, 60_000)

  it('fused softmax cross-entropy: value and gradient, one-hot and soft labels', async () => {
    const rand = createRandom('softmax-ce')
    for (const [rows, classes] of [[1, 10], [37, 10], [300, 7], [5, 130]]) {
      const logits = randomArray(rows * classes, () => rand() * 8)
      const labels = new Float32Array(rows * classes)
      for (let r = 0; r < rows; r++) {
        if (r % 2 === 0) labels[r * classes + Math.floor(rand() * classes)] = 1
        else { let s = 0; for (let c = 0; c < classes; c++) { labels[r * classes + c] = rand(); s += labels[r * classes + c] } for (let c = 0; c < classes; c++) labels[r * classes + c] /= s }
      }
      const run = (): Tensor[] => {
        const y = tf.tensor2d(labels, [rows, classes])
        const { value, grad } = tf.valueAndGrad((z: Tensor) => softmaxCrossEntropy(tf, y, z))(tf.tensor2d(logits, [rows, classes]))
        return [value, grad]
      }
      const [value, grad] = await on('webgpu', run)
      const [refValue, refGrad] = await on('cpu', run)
      expect(relError(value, refValue)).toBeLessThan(TOLERANCE)
      expect(relError(grad, refGrad)).toBeLessThan(TOLERANCE)
    }
  }, 60_000)

  it('CNN gradients of one batch match the cpu backend (fused conv, pooling, our filter gradient, fused loss)', async () => {
    const weights = initWeights(MNIST_CNN)
    const rand = createRandom('cnn-batch')
    const x = Float32Array.from({ length: 3 * 784 }, () => rand())
    const labels = new Float32Array(30)
    for (let i = 0; i < 3; i++) labels[i * 10 + (i * 3) % 10] = 1
    const grads = async (backend: 'cpu' | 'webgpu'): Promise<Float32Array[]> => {
      if (backend === 'webgpu') await useNodeWebGpu(); else await useNodeBackend('cpu')
      const model = buildModel(tf, MNIST_CNN, weights)
      try {
        return await on(backend, () => {
          const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(tf, tf.tensor2d(labels, [3, 10]), model.logits(tf.tensor4d(x, [3, 28, 28, 1]))), model.variables as never)
          return [value, ...model.variables.map(v => grads[v.name])]
        })
      } finally {
        model.dispose()
      }
    }
    const ours = await grads('webgpu')
    const ref = await grads('cpu')
    expect(ours).toHaveLength(9)
    ours.forEach((g, i) => expect(relError(g, ref[i]), `tensor ${i}`).toBeLessThan(TOLERANCE))
  }, 120_000)

  for (const [name, config] of [
    ['SGD', { epochs: 1, batchSize: 10, lr: 0.1, seed: 3 }],
    ['momentum 0.9 with a decaying rate', { epochs: 1, batchSize: 10, lr: 0.05, seed: 3, optimizer: 'momentum', momentum: 0.9, schedule: 'linear-decay' }]
  ] as const) {
    it(`the Trainer takes the fused path on webgpu and trains the 2NN like the cpu backend, step for step (${name})`, async () => {
      const source = await mnistSource()
      const samples = await loadSamples(source, { split: 'train', kind: 'range', start: 0, count: 200 })
      const weights = initWeights(MNIST_2NN)
      const trained = async (backend: 'cpu' | 'webgpu'): Promise<{ w: Float32Array, loss: number, backend: string }> => {
        if (backend === 'webgpu') await useNodeWebGpu(); else await useNodeBackend('cpu')
        const before = tf.memory().numTensors
        const trainer = createNodeTrainer()
        trainer.load(MNIST_2NN, weights)
        const r = await trainer.train(samples, config)
        const w = trainer.currentWeights()
        trainer.dispose()
        expect(tf.memory().numTensors).toBe(before)
        return { w, loss: r.loss, backend: r.backend }
      }
      const ours = await trained('webgpu')
      const ref = await trained('cpu')
      expect(ours.backend).toBe('webgpu')
      expect(Math.abs(ours.loss - ref.loss)).toBeLessThan(1e-4)
      expect(relError(ours.w, ref.w)).toBeLessThan(TOLERANCE)
      expect(relError(ours.w, weights)).toBeGreaterThan(1e-3) // it did train
    }, 120_000)
  }
})
