/**
 * bench/train — training throughput (samples/s) per backend × model (2NN, CNN) × batch
 * (10, 50), in Chromium (through our worker + Comlink + Trainer, started from the built
 * PWA served by a real relay) and in Node (our Trainer), each next to the same loop written
 * as plain tfjs (a tf.layers model, `optimizer.minimize` per batch, no worker, no Comlink,
 * no data pipeline) measured in the same run. Prints a table with the ratio ours / raw.
 *
 *   npm run bench:train                       (builds the PWA first)
 *   npm run bench:train -- --where node       (node | chromium | both)
 *   npm run bench:train -- --seconds 3        (measuring time per cell)
 *   npm run bench:train -- --backends wasm,cpu
 *   npm run bench:train -- --repeats 3        (ours and raw alternate; the best of each counts)
 *
 * Cells that would take minutes are skipped and say so: tfjs cpu trains the CNN at
 * ~0.4 samples/s in Node and ~2 in Chromium.
 */
import { chromium } from '@playwright/test'
import type * as TfAll from '@tensorflow/tfjs'
import type { Page } from '@playwright/test'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { launchOptions, startRelayProcess } from '../e2e/fixtures.ts'
import { loadSamples } from '../shared/fl/dataset.ts'
import { MNIST_2NN, MNIST_CNN } from '../shared/fl/paper-models.ts'
import type { ModelSpec } from '../shared/fl/model-spec.ts'
import { initWeights } from '../shared/fl/weights.ts'
import { mnistSource } from '../relay/fl/mnist.ts'
import { createNodeTrainer, tf, useNodeBackend } from '../relay/fl/node-tf.ts'
import { registerWasmConv2DBackpropFilter } from '../shared/fl/wasm-kernels.ts'
import { RAW_LOOP } from './raw-loop.ts'
import type { RawResult } from './raw-loop.ts'

const { values } = parseArgs({ options: { where: { type: 'string', default: 'both' }, seconds: { type: 'string', default: '4' }, backends: { type: 'string', default: 'webgpu,wasm,cpu' }, repeats: { type: 'string', default: '2' } } })
const REPEATS = Number(values.repeats)
const BACKENDS = values.backends.split(',')
const SECONDS = Number(values.seconds)
const MODELS = [MNIST_2NN, MNIST_CNN]
const BATCHES = [10, 50]
const LR = 0.01

interface Row { where: string, backend: string, model: string, batch: number, ours?: number, raw?: number, note?: string }
const rows: Row[] = []

const skip = (where: 'node' | 'chromium', backend: string, spec: ModelSpec, batch: number): string | undefined => {
  if (backend !== 'cpu' || spec.id !== 'mnist-cnn') return undefined
  if (where === 'node') return 'skipped: ~0.4 samples/s (one B10 step ≈ 24 s)'
  return batch === 50 ? 'skipped: one B50 step ≈ 25 s' : undefined
}

/** samples to give our pipeline so it runs about as long as the raw loop did */
const samplesFor = (rawSps: number, batch: number, max: number): number =>
  Math.min(max, Math.max(batch * 3, Math.round(rawSps * SECONDS / batch) * batch))

// ---------- Node ----------
async function benchNode (): Promise<void> {
  const source = await mnistSource()
  const train = await loadSamples(source, { split: 'train', kind: 'range', start: 0, count: 60_000 })
  for (const backend of (['wasm', 'cpu'] as const).filter(b => BACKENDS.includes(b))) {
    await useNodeBackend(backend)
    for (const spec of MODELS) {
      for (const batch of BATCHES) {
        const row: Row = { where: 'Node 24', backend, model: spec.id, batch }
        rows.push(row)
        row.note = skip('node', backend, spec, batch)
        if (row.note != null) continue
        const trainer = createNodeTrainer()
        trainer.load(spec, initWeights(spec))
        await trainer.train({ ...train, count: batch * 2 }, { epochs: 1, batchSize: batch, lr: LR }) // warm-up
        for (let r = 0; r < REPEATS; r++) {
          row.raw = Math.max(row.raw ?? 0, (await RAW_LOOP(tf, spec.id, batch, SECONDS, LR)).samplesPerSec)
          const result = await trainer.train({ ...train, count: samplesFor(row.raw, batch, 60_000) }, { epochs: 1, batchSize: batch, lr: LR })
          row.ours = Math.max(row.ours ?? 0, result.samples / (result.ms / 1000))
        }
        trainer.dispose()
        print(row)
      }
    }
  }
}

// ---------- Chromium ----------
/** tsx (esbuild, keepNames) wraps named functions in `__name(...)`; functions sent to the page need it */
const NAME_SHIM = 'globalThis.__name = (f) => f'
const UMD = ['@tensorflow/tfjs/dist/tf.min.js', '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js', '@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js']

async function benchChromium (): Promise<void> {
  const relay = await startRelayProcess()
  const browser = await chromium.launch(launchOptions())
  const assets = readdirSync(resolve('dist/web/assets'))
  const wasmFiles = Object.fromEntries(['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(name => {
    const built = assets.find(f => f.startsWith(name.replace('.wasm', '-')) && f.endsWith('.wasm') && f.split('-').length === name.split('-').length + 1)
    return [name, `${relay.url}/assets/${built}`]
  }))
  try {
    for (const backend of (['webgpu', 'wasm', 'cpu'] as const).filter(b => BACKENDS.includes(b))) {
      // ours: the built PWA's worker, through Comlink, on MNIST shards served by the relay
      const ours = await browser.newPage()
      await ours.addInitScript(NAME_SHIM)
      await ours.goto(`${relay.url}/?backend=${backend}#/training`)
      await ours.waitForFunction(() => document.querySelector('[data-testid="train-local"]') != null)
      // raw: the official tfjs bundles on a blank same-origin page (cross-origin isolated too)
      const raw = await browser.newPage()
      await raw.addInitScript(NAME_SHIM)
      await raw.goto(`${relay.url}/data/mnist/manifest.json`)
      for (const path of UMD) await raw.addScriptTag({ path: join('node_modules', path) })
      // the raw page needs the same wasm Conv2DBackpropFilter kernel to train the CNN at all
      await raw.evaluate(`globalThis.BackendUnavailableError = globalThis.InvalidParametersError = Error; globalThis.KERNEL = 'Conv2DBackpropFilter'; (${registerWasmConv2DBackpropFilter.toString()})(globalThis.tf)`)
      const rawInfo = await raw.evaluate(async ({ backend, wasmFiles }) => {
        const g = globalThis as unknown as { tf: typeof TfAll & { wasm: { setWasmPaths(p: unknown): void } } }
        g.tf.wasm.setWasmPaths(wasmFiles)
        const ok = await g.tf.setBackend(backend)
        return { ok, backend: g.tf.getBackend(), coi: crossOriginIsolated }
      }, { backend, wasmFiles })
      for (const spec of MODELS) {
        for (const batch of BATCHES) {
          const row: Row = { where: 'Chromium worker', backend, model: spec.id, batch }
          rows.push(row)
          row.note = skip('chromium', backend, spec, batch)
          if (row.note != null) continue
          try {
            for (let r = 0; r < REPEATS; r++) {
              if (rawInfo.ok) {
                row.raw = Math.max(row.raw ?? 0, (await raw.evaluate(`(${RAW_LOOP.toString()})(globalThis.tf, ${JSON.stringify(spec.id)}, ${batch}, ${SECONDS}, ${LR})`) as RawResult).samplesPerSec)
              }
              const n = samplesFor(row.raw ?? 50, batch, 60_000)
              row.ours = Math.max(row.ours ?? 0, await oursInPage(ours, spec, backend, batch, n, r === 0))
            }
            if (!rawInfo.ok) row.note = `raw tfjs could not start ${backend}`
          } catch (err) {
            row.note = `failed: ${(err as Error).message.split('\n')[0]}`
          }
          print(row)
        }
      }
      await ours.close()
      await raw.close()
    }
  } finally {
    await browser.close()
    await relay.stop()
  }
}

async function oursInPage (page: Page, spec: ModelSpec, backend: string, batch: number, n: number, prepare: boolean): Promise<number> {
  return await page.evaluate(async ({ spec, backend, batch, n, lr, prepare }) => {
    const client = (globalThis as unknown as { __vainTraining: {
      load(s: unknown, w: null, o: unknown): Promise<unknown>
      train(r: unknown): Promise<{ samples: number }>
      evaluate(w: null, set: unknown): Promise<unknown>
    } }).__vainTraining
    const shard = (count: number): unknown => ({ split: 'train', kind: 'range', start: 0, count })
    if (prepare) {
      await client.load(spec, null, { backend })
      await client.train({ epochs: 1, batchSize: batch, lr, shard: shard(batch * 2) }) // warm-up: compile, fetch data
    }
    await client.evaluate(null, shard(n)) // loads + caches this shard in the worker
    const t0 = performance.now()
    const r = await client.train({ epochs: 1, batchSize: batch, lr, shard: shard(n) })
    return r.samples / ((performance.now() - t0) / 1000)
  }, { spec: JSON.parse(JSON.stringify(spec)), backend, batch, n, lr: LR, prepare })
}

// ---------- output ----------
const fmt = (x: number | undefined): string => x == null ? '—' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)
function print (row: Row): void {
  console.error(`  ${row.where} ${row.backend} ${row.model} B${row.batch}: ours ${fmt(row.ours)}, raw ${fmt(row.raw)} samples/s`)
}

if (values.where !== 'chromium') await benchNode()
if (values.where !== 'node') await benchChromium()

console.log(`\nTraining throughput, samples/s (same machine, same run, best of ${REPEATS} alternating runs; raw = plain tfjs loop, no worker/Comlink/data pipeline)\n`)
console.log('| where | backend | model | batch | ours | raw tfjs | ours / raw |')
console.log('|---|---|---|---|---|---|---|')
for (const r of rows) {
  const ratio = r.ours != null && r.raw != null ? `${(r.ours / r.raw).toFixed(2)}×` : (r.note ?? '—')
  console.log(`| ${r.where} | ${r.backend} | ${r.model} | ${r.batch} | ${fmt(r.ours)} | ${fmt(r.raw)} | ${ratio} |`)
}
