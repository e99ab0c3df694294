/**
 * Local training and evaluation on whatever tfjs backend is active: the loop every platform
 * runs (browser worker, Node simulator, relay evaluation). Minibatch SGD (optionally with
 * momentum and a linearly decaying rate) on softmax cross-entropy, as in the FedAvg paper.
 * Between batches it checks the AbortSignal and, every 10 ms, yields to the event loop; it never calls `dataSync` (on WebGPU that breaks `mapAsync`) and
 * reads losses back with `await data()` every few batches so a GPU queue cannot run ahead.
 */
import { AbortError, InvalidParametersError, ModelNotLoadedError } from './errors.ts'
import type { Samples } from './dataset.ts'
import { buildModel } from './model-builder.ts'
import type { TfModel } from './model-builder.ts'
import { inputTable, sampleSize } from './model-spec.ts'
import type { ModelSpec } from './model-spec.ts'
import { createRandom, permutation } from './random.ts'
import type { Scalar, Tensor, Tf, Variable } from './tf.ts'
import { validateWeights, weightsDelta } from './weights.ts'
import { fusedKernelsActive, sgdUpdate, softmaxCrossEntropy } from './webgpu-kernels.ts'

export interface TrainConfig {
  epochs: number
  batchSize: number
  /** SGD learning rate */
  lr: number
  /** seeds the per-epoch shuffle @default 0 */
  seed?: number
  /** plain SGD (the FedAvg paper) or SGD with momentum @default 'sgd' */
  optimizer?: 'sgd' | 'momentum'
  /** for `optimizer: 'momentum'` @default 0.9 */
  momentum?: number
  /** `linear-decay` lowers lr linearly to 0 over the run: less noise in the last steps @default 'constant' */
  schedule?: 'constant' | 'linear-decay'
}

export interface TrainProgress {
  epoch: number
  epochs: number
  /** batches done in all epochs */
  batches: number
  totalBatches: number
  /** samples processed so far (all epochs) */
  samples: number
  totalSamples: number
  /** mean loss of the batches read since the last report */
  loss: number
  samplesPerSec: number
  elapsedMs: number
}

export interface TrainResult {
  /** w_local − w_base */
  delta: Float32Array
  /** samples processed (epochs × shard size) */
  samples: number
  /** mean loss of the last epoch */
  loss: number
  /** mean loss of the first epoch's first batches, to show the fall */
  firstLoss: number
  ms: number
  backend: string
}

export interface EvaluateResult {
  count: number
  correct: number
  accuracy: number
  loss: number
}

export interface TrainerInit {
  tf: Tf
  /** resolves on the next macrotask; the platform picks the cheapest way */
  yieldToEventLoop?: () => Promise<void>
  /** monotonic milliseconds @default performance.now */
  now?: () => number
  /** read losses back at least every this many batches @default 4 */
  readEveryBatches?: number
  /** report progress at most this often @default 200 */
  progressIntervalMs?: number
  /** yield to the event loop between batches once this much time has passed @default 10 */
  yieldIntervalMs?: number
  /** build models with fused kernels @default true */
  fusedOps?: boolean
}

export interface TrainOptions {
  signal?: AbortSignal
  onProgress?: (progress: TrainProgress) => void
}

const DEFAULT_READ_EVERY_BATCHES = 4
const DEFAULT_PROGRESS_INTERVAL_MS = 200
const DEFAULT_YIELD_INTERVAL_MS = 10
const DEFAULT_EVAL_BATCH = 500
const FIRST_LOSS_BATCHES = 5

/** Throws the typed `AbortError` (not the signal's DOMException: its name survives Comlink). */
export function throwIfAborted (signal?: AbortSignal): void {
  if (signal?.aborted === true) throw new AbortError()
}

const defaultYield = async (): Promise<void> => { await new Promise(resolve => setTimeout(resolve, 0)) }

export class Trainer {
  private readonly tf: Tf
  private readonly yieldToEventLoop: () => Promise<void>
  private readonly now: () => number
  private readonly readEvery: number
  private readonly progressInterval: number
  private readonly yieldInterval: number
  private readonly fused: boolean
  private model?: TfModel
  private weights?: Float32Array
  private table?: Float32Array

  constructor (init: TrainerInit) {
    this.tf = init.tf
    this.yieldToEventLoop = init.yieldToEventLoop ?? defaultYield
    this.now = init.now ?? (() => performance.now())
    this.readEvery = init.readEveryBatches ?? DEFAULT_READ_EVERY_BATCHES
    this.progressInterval = init.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS
    this.yieldInterval = init.yieldIntervalMs ?? DEFAULT_YIELD_INTERVAL_MS
    this.fused = init.fusedOps ?? true
  }

  get spec (): ModelSpec | undefined { return this.model?.spec }

  /** Builds `spec` on the active backend with `weights` (validated; typed errors). */
  load (spec: ModelSpec, weights: Float32Array): void {
    validateWeights(spec, weights)
    this.model?.dispose()
    this.model = undefined
    this.model = buildModel(this.tf, spec, weights, { fused: this.fused })
    this.weights = weights.slice()
    this.table = inputTable(spec)
  }

  /** The current weights (a copy). */
  currentWeights (): Float32Array {
    if (this.weights == null) throw new ModelNotLoadedError()
    return this.weights.slice()
  }

  private requireModel (): TfModel {
    if (this.model == null) throw new ModelNotLoadedError()
    return this.model
  }

  /** x [n, h, w, c] in 0..1 and labels for the samples at `order[from..to)`. */
  private batch (samples: Samples, order: ArrayLike<number>, from: number, to: number): { x: Tensor, y: Tensor } {
    const tf = this.tf
    const spec = this.requireModel().spec
    const size = sampleSize(spec)
    const n = to - from
    const table = this.table!
    const xs = new Float32Array(n * size)
    const classes = spec.classes
    const ys = new Float32Array(n * classes)
    for (let i = 0; i < n; i++) {
      const s = order[from + i]
      const px = samples.pixels.subarray(s * size, (s + 1) * size)
      for (let j = 0; j < size; j++) xs[i * size + j] = table[px[j]]
      ys[i * classes + samples.labels[s]] = 1
    }
    const [h, w, c] = spec.inputShape
    const x = tf.tensor4d(xs, [n, h, w, c])
    // one-hot built here, not with tf.oneHot: one kernel dispatch fewer per batch
    const y = tf.tensor2d(ys, [n, spec.classes])
    return { x, y }
  }

  /**
   * Trains the loaded model `config.epochs` times over `samples`. On success the model
   * keeps the trained weights and the result carries the delta from the weights it started
   * with; on abort or error the model is put back to where it started.
   */
  async train (samples: Samples, config: TrainConfig, options: TrainOptions = {}): Promise<TrainResult> {
    const { tf } = this
    const model = this.requireModel()
    const base = this.currentWeights()
    const { epochs, batchSize, lr } = config
    if (!Number.isInteger(epochs) || epochs < 1) throw new InvalidParametersError(`epochs must be a positive integer, got ${epochs}`)
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidParametersError(`batchSize must be a positive integer, got ${batchSize}`)
    if (!(lr > 0) || !Number.isFinite(lr)) throw new InvalidParametersError(`lr must be a positive number, got ${lr}`)
    if (samples.count < 1) throw new InvalidParametersError('No samples to train on')
    if (samples.sampleSize !== sampleSize(model.spec)) throw new InvalidParametersError(`Samples hold ${samples.sampleSize} values each, ${model.spec.id} needs ${sampleSize(model.spec)}`)
    const { signal, onProgress } = options
    throwIfAborted(signal)

    const start = this.now()
    const perEpoch = Math.ceil(samples.count / batchSize)
    const totalBatches = perEpoch * epochs
    const momentum = config.momentum ?? 0.9
    if (config.optimizer === 'momentum' && !(momentum >= 0 && momentum < 1)) throw new InvalidParametersError(`momentum must be in [0, 1), got ${momentum}`)
    const decay = config.schedule === 'linear-decay'
    // on webgpu with our kernels: fused loss (2 dispatches) and fused SGD / momentum (1 per tensor updated)
    const fusedStep = fusedKernelsActive(tf)
    const accumulators = fusedStep && config.optimizer === 'momentum' ? model.variables.map(v => tf.tidy(() => tf.variable(tf.zerosLike(v), false))) : undefined
    const optimizer = fusedStep ? undefined : config.optimizer === 'momentum' ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr)
    const pending: Scalar[] = []
    let done = 0
    let seen = 0
    let recentSum = 0
    let recentCount = 0
    let epochSum = 0
    let epochCount = 0
    let lastEpochLoss = NaN
    let firstSum = 0
    let firstCount = 0
    let lastReport = start
    let lastYield = start

    const drain = async (): Promise<void> => {
      const taken = pending.splice(0)
      const values = await Promise.all(taken.map(async t => (await t.data())[0]))
      for (const t of taken) t.dispose()
      for (const v of values) {
        recentSum += v; recentCount++
        epochSum += v; epochCount++
        if (firstCount < FIRST_LOSS_BATCHES) { firstSum += v; firstCount++ }
      }
    }
    const report = (epoch: number): void => {
      const nowMs = this.now()
      const elapsed = nowMs - start
      onProgress?.({
        epoch, epochs, batches: done, totalBatches, samples: seen, totalSamples: samples.count * epochs,
        loss: recentCount > 0 ? recentSum / recentCount : NaN,
        samplesPerSec: elapsed > 0 ? seen / (elapsed / 1000) : 0,
        elapsedMs: elapsed
      })
      recentSum = 0; recentCount = 0
      lastReport = nowMs
    }

    try {
      for (let epoch = 0; epoch < epochs; epoch++) {
        const order = permutation(samples.count, createRandom(`shuffle:${config.seed ?? 0}:${epoch}`))
        epochSum = 0; epochCount = 0
        for (let b = 0; b < perEpoch; b++) {
          const from = b * batchSize
          const to = Math.min(samples.count, from + batchSize)
          const stepLr = decay ? lr * (1 - done / totalBatches) : lr
          if (decay) optimizer?.setLearningRate(stepLr)
          const cost = tf.tidy(() => {
            const { x, y } = this.batch(samples, order, from, to)
            const loss = (): Scalar => softmaxCrossEntropy(tf, y, model.logits(x))
            if (optimizer != null) return optimizer.minimize(loss, true, model.variables as never) as Scalar
            const { value, grads } = tf.variableGrads(loss, model.variables as Variable[])
            sgdUpdate(tf, model.variables, grads, stepLr, accumulators == null ? undefined : { momentum, accumulators })
            return value
          })
          pending.push(cost)
          done++
          seen += to - from
          const due = this.now() - lastReport >= this.progressInterval
          if (pending.length >= this.readEvery || due || b === perEpoch - 1) await drain()
          if (due) report(epoch)
          if (this.now() - lastYield >= this.yieldInterval) {
            await this.yieldToEventLoop()
            lastYield = this.now()
          }
          throwIfAborted(signal)
        }
        lastEpochLoss = epochCount > 0 ? epochSum / epochCount : NaN
        report(epoch)
      }
      const trained = await model.readWeights()
      validateWeights(trained.length, trained)
      this.weights = trained
      return {
        delta: weightsDelta(trained, base),
        samples: seen,
        loss: lastEpochLoss,
        firstLoss: firstCount > 0 ? firstSum / firstCount : NaN,
        ms: this.now() - start,
        backend: tf.getBackend()
      }
    } catch (err) {
      model.setWeights(base)
      throw err
    } finally {
      for (const t of pending.splice(0)) t.dispose()
      for (const a of accumulators ?? []) a.dispose()
      optimizer?.dispose()
      // tfjs 4.22's MomentumOptimizer.dispose forgets the learning-rate scalar SGDOptimizer keeps
      ;(optimizer as unknown as { c?: Tensor } | undefined)?.c?.dispose()
    }
  }

  /** Logits [count × classes] of the current model (or of `weights`, without keeping them). */
  async predict (samples: Samples, options: { weights?: Float32Array, batchSize?: number, signal?: AbortSignal } = {}): Promise<Float32Array> {
    const model = this.requireModel()
    const classes = model.spec.classes
    const out = new Float32Array(samples.count * classes)
    await this.withWeights(options.weights, async () => {
      const all = Uint32Array.from({ length: samples.count }, (_, i) => i)
      const step = options.batchSize ?? DEFAULT_EVAL_BATCH
      for (let from = 0; from < samples.count; from += step) {
        const to = Math.min(samples.count, from + step)
        const logits = this.tf.tidy(() => model.logits(this.batch(samples, all, from, to).x))
        try {
          out.set(await logits.data() as Float32Array, from * classes)
        } finally {
          logits.dispose()
        }
        await this.yieldToEventLoop()
        throwIfAborted(options.signal)
      }
    })
    return out
  }

  /** Accuracy and mean loss of the current model (or of `weights`, without keeping them). */
  async evaluate (samples: Samples, options: { weights?: Float32Array, batchSize?: number, signal?: AbortSignal } = {}): Promise<EvaluateResult> {
    const { tf } = this
    const model = this.requireModel()
    let correct = 0
    let lossSum = 0
    await this.withWeights(options.weights, async () => {
      const all = Uint32Array.from({ length: samples.count }, (_, i) => i)
      const step = options.batchSize ?? DEFAULT_EVAL_BATCH
      for (let from = 0; from < samples.count; from += step) {
        const to = Math.min(samples.count, from + step)
        const [hits, loss] = tf.tidy(() => {
          const { x, y } = this.batch(samples, all, from, to)
          const logits = model.logits(x)
          const right = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'))
          const l = tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.SUM)
          return [right, l]
        })
        try {
          const [h, l] = await Promise.all([hits.data(), loss.data()])
          correct += h[0]
          lossSum += l[0]
        } finally {
          hits.dispose(); loss.dispose()
        }
        await this.yieldToEventLoop()
        throwIfAborted(options.signal)
      }
    })
    return { count: samples.count, correct, accuracy: samples.count > 0 ? correct / samples.count : NaN, loss: samples.count > 0 ? lossSum / samples.count : NaN }
  }

  private async withWeights (weights: Float32Array | undefined, fn: () => Promise<void>): Promise<void> {
    const model = this.requireModel()
    if (weights == null) { await fn(); return }
    validateWeights(model.spec, weights)
    model.setWeights(weights)
    try {
      await fn()
    } finally {
      model.setWeights(this.weights!)
    }
  }

  dispose (): void {
    this.model?.dispose()
    this.model = undefined
    this.weights = undefined
  }
}
