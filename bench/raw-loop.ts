/**
 * The "raw tfjs" side of the training benches: the paper model as a tf.layers model,
 * `optimizer.minimize` per batch on fixed random data, the loss read back every step. No
 * worker, no Comlink, no data pipeline, no kernels of ours. Self-contained (it is sent to
 * pages as source text by bench/train.ts): it references nothing outside its body.
 */
import type * as TfAll from '@tensorflow/tfjs'

export interface RawResult {
  samplesPerSec: number
  /** with `profile`: GPU/CPU time per kernel name of one step, ms */
  kernels?: Record<string, number>
  /** with `profile`: dispatched kernels in one step */
  kernelCount?: number
}

export const RAW_LOOP = async (tf: typeof TfAll, modelId: string, batch: number, seconds: number, lr: number, profile = false): Promise<RawResult> => {
  const layers = modelId === 'mnist-cnn'
    ? [tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 512, activation: 'relu' }),
        tf.layers.dense({ units: 10 })]
    : [tf.layers.flatten({ inputShape: [28, 28, 1] }),
        tf.layers.dense({ units: 200, activation: 'relu' }),
        tf.layers.dense({ units: 200, activation: 'relu' }),
        tf.layers.dense({ units: 10 })]
  const model = tf.sequential({ layers })
  const optimizer = tf.train.sgd(lr)
  const x = tf.randomUniform([batch, 28, 28, 1])
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10)
  const step = async (): Promise<void> => {
    const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as never) as never, true)!
    await cost.data()
    cost.dispose()
  }
  await step() // compilation, first allocations
  let n = 0
  const t0 = performance.now()
  while (n === 0 || performance.now() - t0 < seconds * 1000) { await step(); n++ }
  const result: RawResult = { samplesPerSec: n * batch / ((performance.now() - t0) / 1000) }
  if (profile) {
    const info = await tf.profile(async () => { await step() })
    const kernels: Record<string, number> = {}
    for (const k of info.kernels) kernels[k.name] = (kernels[k.name] ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0)
    result.kernels = kernels
    result.kernelCount = info.kernels.length
  }
  x.dispose(); y.dispose(); optimizer.dispose(); model.dispose()
  return result
}
