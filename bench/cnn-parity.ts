/**
 * bench/cnn-parity — does the FedAvg CNN learn the same on our WebGPU kernels as on the tfjs
 * cpu backend? One epoch over the first 6,000 MNIST training digits from the same initial
 * weights and the same shuffle seed on each backend, then accuracy on 1,000 held-out digits.
 * Each backend runs in its own process, side by side. The goal (issue #8): within 0.5 pp.
 *
 *   npm run bench:cnn-parity                                   (webgpu vs cpu)
 *   npm run bench:cnn-parity -- --backends webgpu,wasm --samples 6000 --batch 10
 *
 * The cpu backend's own Conv2DBackpropFilter costs ~90 s per batch-50 step here (one
 * TensorBuffer.get per multiply-add), so the cpu side computes that gradient with the cpu's
 * Conv2D instead (shared/fl/wasm-kernels.ts): the same sums, hours → minutes. On SwiftShader
 * (no GPU) the webgpu side takes ~45 min for 6,000 digits; on a real GPU, seconds.
 */
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { loadSamples } from '../shared/fl/dataset.ts'
import { MNIST_CNN } from '../shared/fl/paper-models.ts'
import { registerWasmConv2DBackpropFilter } from '../shared/fl/wasm-kernels.ts'
import { initWeights } from '../shared/fl/weights.ts'
import { mnistSource } from '../relay/fl/mnist.ts'
import { createNodeTrainer, tf, useNodeBackend } from '../relay/fl/node-tf.ts'
import { swiftShaderEnv } from '../relay/fl/swiftshader-env.ts'

const { values } = parseArgs({ options: {
  backends: { type: 'string', default: 'webgpu,cpu' },
  samples: { type: 'string', default: '6000' },
  batch: { type: 'string', default: '10' },
  lr: { type: 'string', default: '0.05' },
  seed: { type: 'string', default: '1' },
  child: { type: 'string' }
} })
const SAMPLES = Number(values.samples)
const BATCH = Number(values.batch)
const LR = Number(values.lr)
const SEED = Number(values.seed)

interface Outcome { backend: string, accuracy: number, loss: number, trainLoss: number, seconds: number, samplesPerSec: number, adapter?: string }

async function child (backend: string): Promise<void> {
  let adapter: string | undefined
  if (backend === 'webgpu') {
    const { useNodeWebGpu } = await import('../relay/fl/node-webgpu.ts')
    adapter = (await useNodeWebGpu()).adapter
  } else {
    if (backend === 'cpu') registerWasmConv2DBackpropFilter(tf, 'cpu')
    await useNodeBackend(backend as 'cpu' | 'wasm')
  }
  const source = await mnistSource()
  const train = await loadSamples(source, { split: 'train', kind: 'range', start: 0, count: SAMPLES })
  const test = await loadSamples(source, { split: 'test', kind: 'range', start: 0, count: 1000 })
  const trainer = createNodeTrainer()
  trainer.load(MNIST_CNN, initWeights(MNIST_CNN))
  let last = 0
  const result = await trainer.train(train, { epochs: 1, batchSize: BATCH, lr: LR, schedule: 'linear-decay', seed: SEED }, {
    onProgress: p => {
      if (p.elapsedMs - last < 60_000) return
      last = p.elapsedMs
      console.error(`  ${backend}: ${p.samples}/${p.totalSamples} digits, loss ${p.loss.toFixed(3)}, ${p.samplesPerSec.toFixed(1)} samples/s`)
    }
  })
  const evaluation = await trainer.evaluate(test)
  const outcome: Outcome = { backend: result.backend, accuracy: evaluation.accuracy, loss: evaluation.loss, trainLoss: result.loss, seconds: result.ms / 1000, samplesPerSec: result.samples / (result.ms / 1000), adapter }
  console.log(JSON.stringify(outcome))
}

async function parent (): Promise<void> {
  const backends = values.backends.split(',')
  const gpuEnv = swiftShaderEnv() ?? {}
  console.log(`CNN, one epoch of ${SAMPLES.toLocaleString('en-US')} digits, batch ${BATCH}, lr ${LR} → 0, seed ${SEED}; backends ${backends.join(' and ')} side by side`)
  const outcomes = await Promise.all(backends.map(async backend => await new Promise<Outcome>((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, process.argv[1], ...process.argv.slice(2), '--child', backend], { env: { ...process.env, ...gpuEnv }, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    proc.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    proc.on('error', reject)
    proc.on('close', code => {
      const line = out.trim().split('\n').at(-1) ?? ''
      try {
        if (code !== 0) throw new Error(`exit ${code}`)
        resolve(JSON.parse(line) as Outcome)
      } catch (err) {
        reject(new Error(`${backend} failed (${(err as Error).message}): ${out.slice(-500)}`))
      }
    })
  })))
  console.log('\n| backend | held-out accuracy (1,000) | held-out loss | last-epoch train loss | time | samples/s |')
  console.log('|---|---|---|---|---|---|')
  for (const o of outcomes) {
    console.log(`| ${o.backend}${o.adapter != null ? ` (${o.adapter})` : ''} | ${(o.accuracy * 100).toFixed(1)} % | ${o.loss.toFixed(4)} | ${o.trainLoss.toFixed(4)} | ${o.seconds.toFixed(0)} s | ${o.samplesPerSec.toFixed(1)} |`)
  }
  if (outcomes.length === 2) {
    const gap = Math.abs(outcomes[0].accuracy - outcomes[1].accuracy) * 100
    console.log(`\naccuracy gap: ${gap.toFixed(2)} pp (goal ≤ 0.5 pp): ${gap <= 0.5 ? 'met' : 'NOT met'}`)
    if (gap > 0.5) process.exitCode = 1
  }
}

if (values.child != null) await child(values.child)
else await parent()
