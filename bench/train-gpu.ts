/**
 * bench/train-gpu — training throughput on tfjs's webgpu backend in Node through Dawn, side
 * by side in one run:
 *
 *   raw      the plain tfjs loop (bench/raw-loop.ts) on tfjs's own kernels
 *   raw+mm   the same loop with our Conv2DBackpropFilter (implicit GEMM, split-K) registered
 *   ours     our Trainer with all our kernels: filter gradient, fused softmax cross-entropy,
 *            fused SGD (shared/fl/webgpu-kernels.ts)
 *
 * for the FedAvg CNN at B10/B50/B500 and the 2NN at B50/B500, every side reading the loss
 * back every step, plus the per-kernel share of one step (`tf.profile`, GPU timestamps
 * where the adapter has them). Not in CI: it wants a real GPU.
 *
 *   npm run bench:train-gpu                          (SwiftShader where no GPU driver is named)
 *   npm run bench:train-gpu -- --cells cnn:50,cnn:500 --seconds 8
 *   VK_DRIVER_FILES=/usr/share/vulkan/icd.d/nvidia_icd.json npm run bench:train-gpu
 *
 * On a GPU machine without npm, `bench/gpu/pack.sh` bundles this with Node and Dawn.
 */
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import type * as TfAll from '@tensorflow/tfjs'
import { MNIST_2NN, MNIST_CNN } from '../shared/fl/paper-models.ts'
import type { Samples } from '../shared/fl/dataset.ts'
import { createRandom } from '../shared/fl/random.ts'
import { initWeights } from '../shared/fl/weights.ts'
import { registerWebGpuKernels, unregisterWebGpuKernels } from '../shared/fl/webgpu-kernels.ts'
import { createNodeTrainer } from '../relay/fl/node-tf.ts'
import { useNodeWebGpu } from '../relay/fl/node-webgpu.ts'
import { swiftShaderEnv } from '../relay/fl/swiftshader-env.ts'
import { RAW_LOOP } from './raw-loop.ts'
import type { RawResult } from './raw-loop.ts'

// No GPU driver named: run on SwiftShader (Debian's chromium ships the loader and the driver).
// The loader path must be set before the process starts, hence the re-exec.
const gpuEnv = swiftShaderEnv()
if (gpuEnv != null) {
  const env = { ...process.env, ...gpuEnv }
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' })
  process.exit(child.status ?? 1)
}

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, cells: { type: 'string', default: 'cnn:10,cnn:50,cnn:500,2nn:50,2nn:500' }, lr: { type: 'string', default: '0.01' } } })
const SECONDS = Number(values.seconds)
const LR = Number(values.lr)
const CELLS = values.cells.split(',').map(c => {
  const [model, batch] = c.split(':')
  return { spec: model === 'cnn' ? MNIST_CNN : MNIST_2NN, batch: Number(batch) }
})
/** PyTorch CUDA on the H200 (shared/TOOLCHAIN.md), samples/s: the issue's anchors */
const PYTORCH_H200: Record<string, number> = { 'mnist-cnn:10': 6_097, 'mnist-cnn:50': 30_472, 'mnist-cnn:500': 227_635, 'mnist-2nn:50': 47_325, 'mnist-2nn:500': 445_832 }

const { tf, adapter } = await useNodeWebGpu()
console.log(`adapter: ${adapter}; tfjs ${tf.version_core}, backend ${tf.getBackend()}; ${SECONDS} s per measurement`)

/** random digits: throughput does not depend on what the pixels show */
function syntheticSamples (count: number): Samples {
  const rand = createRandom('bench-train-gpu')
  return { count, sampleSize: 784, pixels: Uint8Array.from({ length: count * 784 }, () => Math.floor(rand() * 256)), labels: Uint8Array.from({ length: count }, () => Math.floor(rand() * 10)) }
}

interface Side { sps: number, kernels?: Record<string, number>, kernelCount?: number }

async function ours (specId: string, batch: number, samples: Samples): Promise<Side> {
  const spec = specId === MNIST_CNN.id ? MNIST_CNN : MNIST_2NN
  const trainer = createNodeTrainer({ readEveryBatches: 1 })
  trainer.load(spec, initWeights(spec))
  const config = { epochs: 1, batchSize: batch, lr: LR }
  await trainer.train({ ...samples, count: batch * 2 }, config) // compile, allocate
  // how many batches fit the time: one timed batch first
  const probe = await trainer.train({ ...samples, count: batch }, config)
  const batches = Math.max(3, Math.min(Math.floor(samples.count / batch), Math.round(SECONDS * 1000 / Math.max(1, probe.ms))))
  const result = await trainer.train({ ...samples, count: batches * batch }, config)
  const info = await tf.profile(async () => { await trainer.train({ ...samples, count: batch }, config) })
  const kernels: Record<string, number> = {}
  for (const k of info.kernels) kernels[k.name] = (kernels[k.name] ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0)
  trainer.dispose()
  return { sps: result.samples / (result.ms / 1000), kernels, kernelCount: info.kernels.length }
}

const raw = async (specId: string, batch: number): Promise<Side> => {
  const r: RawResult = await RAW_LOOP(tf as unknown as typeof TfAll, specId, batch, SECONDS, LR, true)
  return { sps: r.samplesPerSec, kernels: r.kernels, kernelCount: r.kernelCount }
}

interface Row { model: string, batch: number, raw: Side, rawMm: Side, ours: Side }
const rows: Row[] = []
const fmt = (x: number): string => x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)

const maxBatch = Math.max(...CELLS.map(c => c.batch))
const samples = syntheticSamples(Math.max(maxBatch * 8, 4_000))
for (const { spec, batch } of CELLS) {
  unregisterWebGpuKernels(tf)
  const rawSide = await raw(spec.id, batch)
  registerWebGpuKernels(tf)
  const rawMm = await raw(spec.id, batch)
  const oursSide = await ours(spec.id, batch, samples)
  rows.push({ model: spec.id, batch, raw: rawSide, rawMm, ours: oursSide })
  console.error(`  ${spec.id} B${batch}: raw ${fmt(rawSide.sps)}, raw+mm ${fmt(rawMm.sps)}, ours ${fmt(oursSide.sps)} samples/s`)
}

console.log(`\nTraining throughput on ${adapter}, samples/s (same run; every side reads the loss back every step)\n`)
console.log('| model | batch | raw tfjs webgpu | raw + our filter gradient | ours (Trainer, all our kernels) | ours / raw | ours / PyTorch H200 |')
console.log('|---|---|---|---|---|---|---|')
for (const r of rows) {
  const torch = PYTORCH_H200[`${r.model}:${r.batch}`]
  console.log(`| ${r.model} | ${r.batch} | ${fmt(r.raw.sps)} | ${fmt(r.rawMm.sps)} | ${fmt(r.ours.sps)} | ${(r.ours.sps / r.raw.sps).toFixed(2)}× | ${torch == null ? '—' : `${(r.ours.sps / torch).toFixed(3)}×`} |`)
}

const share = (side: Side): string => {
  const entries = Object.entries(side.kernels ?? {}).sort((a, b) => b[1] - a[1])
  const total = entries.reduce((s, [, v]) => s + v, 0)
  if (total === 0) return 'no kernel timings'
  return `${total.toFixed(2)} ms in ${side.kernelCount} kernels: ` + entries.slice(0, 6).map(([k, v]) => `${k} ${(100 * v / total).toFixed(0)} %`).join(', ')
}
console.log('\nPer-kernel share of one step (tf.profile):\n')
for (const r of rows) {
  console.log(`- ${r.model} B${r.batch}\n  - raw: ${share(r.raw)}\n  - ours: ${share(r.ours)}`)
}
