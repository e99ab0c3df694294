/**
 * The training worker: owns tfjs, the data and the model; the page talks to it through
 * Comlink (see api.ts). Training runs here so the page never freezes.
 */
import * as Comlink from 'comlink'
import { loadSamples } from '#shared/fl/dataset.ts'
import type { DataSelection, Samples } from '#shared/fl/dataset.ts'
import { ModelNotLoadedError } from '#shared/fl/errors.ts'
import { parameterCount } from '#shared/fl/model-spec.ts'
import type { ModelSpec } from '#shared/fl/model-spec.ts'
import { chooseBackend, DEFAULT_PROBE_BATCH, probeBackend } from '#shared/fl/probe.ts'
import type { ProbeResult } from '#shared/fl/probe.ts'
import type { BackendName } from '#shared/fl/tf.ts'
import { Trainer } from '#shared/fl/trainer.ts'
import type { TrainProgress } from '#shared/fl/trainer.ts'
import { initWeights, validateWeights, weightsCid } from '#shared/fl/weights.ts'
import { fusedKernelsActive } from '#shared/fl/webgpu-kernels.ts'
import { registerAbortSignalTransfer } from './abort-transfer.ts'
import type { LoadOptions, LoadResult, TrainingWorkerApi, TrainRequest, TrainResponse, WorkerNotice } from './api.ts'
import { availableBackends, describeGpu, describeWasm, deviceKey, tf, useBackend } from './backends.ts'
import { createHttpDataSource } from './data-source.ts'
import { readProbe, writeProbe } from './probe-cache.ts'
import { yieldToEventLoop } from './yield.ts'

registerAbortSignalTransfer()

let noticeListener: ((notice: WorkerNotice) => void) | undefined
const source = createHttpDataSource({ onNotice: n => { void noticeListener?.(n) } })
const samplesCache = new Map<string, Promise<Samples>>()
const trainer = new Trainer({ tf, yieldToEventLoop })
let backend: BackendName | undefined

async function samplesFor (selection: DataSelection, signal?: AbortSignal): Promise<Samples> {
  const key = JSON.stringify(selection)
  let p = samplesCache.get(key)
  if (p == null) {
    p = loadSamples(source, selection, { signal })
    samplesCache.set(key, p)
    p.catch(() => samplesCache.delete(key))
  }
  return await p
}

async function probeAll (spec: ModelSpec, batchSize: number): Promise<ProbeResult[]> {
  const gpu = await describeGpu()
  const out: ProbeResult[] = []
  for (const b of await availableBackends()) {
    const software = b === 'webgpu' ? gpu?.software : undefined
    try {
      await useBackend(b)
      const detail = b === 'webgpu' && gpu != null ? `${gpu.vendor} ${gpu.architecture} ${gpu.description}`.trim() : b === 'wasm' ? describeWasm() : undefined
      out.push(await probeBackend({ tf, spec, backend: b, batchSize, software, detail }))
    } catch (err) {
      out.push({ backend: b, samplesPerSec: 0, warmupMs: 0, steps: 0, batchSize, timedOut: false, software, error: (err as Error).message })
    }
  }
  return out
}

const api: TrainingWorkerApi = {
  async load (spec: ModelSpec, weights: Float32Array | null, options: LoadOptions = {}): Promise<LoadResult> {
    const w = weights ?? initWeights(spec)
    validateWeights(spec, w)
    const preference = options.backend ?? 'auto'
    let reason: string
    let probes: ProbeResult[] = []
    let cached = false
    let chosen: BackendName
    if (preference !== 'auto') {
      await useBackend(preference)
      chosen = preference
      reason = `${preference} was asked for (setting or ?backend=)${preference === 'wasm' ? `; ${describeWasm()}` : ''}`
    } else {
      const batchSize = options.probeBatchSize ?? DEFAULT_PROBE_BATCH
      const key = `${await deviceKey()}|${spec.id}|b${batchSize}`
      const hit = options.reprobe === true ? undefined : await readProbe(key)
      if (hit != null) {
        chosen = hit.backend
        reason = `${hit.reason} (probe cached ${new Date(hit.at).toISOString().slice(0, 16).replace('T', ' ')} UTC)`
        probes = hit.probes
        cached = true
      } else {
        probes = await probeAll(spec, batchSize)
        const choice = chooseBackend(probes)
        if (choice == null) throw new ModelNotLoadedError(`No tfjs backend could train here: ${probes.map(p => `${p.backend}: ${p.error ?? '?'}`).join('; ')}`)
        chosen = choice.backend
        reason = choice.reason
        await writeProbe({ key, at: Date.now(), backend: chosen, reason, probes })
      }
      await useBackend(chosen)
    }
    trainer.load(spec, w)
    backend = chosen
    const kernels = fusedKernelsActive(tf) ? 'vain-wgsl' : 'tfjs'
    if (kernels === 'vain-wgsl') reason += '; vAIn WGSL kernels (filter gradient, fused loss and optimizer)'
    return {
      kernels,
      backend: chosen,
      reason,
      probes,
      cached,
      weightsCid: (await weightsCid(w)).toString(),
      parameters: parameterCount(spec),
      crossOriginIsolated: self.crossOriginIsolated
    }
  },

  async train (request: TrainRequest, onProgress?: (p: TrainProgress) => void, options: { signal?: AbortSignal } = {}): Promise<TrainResponse> {
    if (backend == null) throw new ModelNotLoadedError()
    const { shard, ...config } = request
    const samples = await samplesFor(shard, options.signal)
    const result = await trainer.train(samples, config, {
      signal: options.signal,
      onProgress: p => { void onProgress?.(p) }
    })
    const response: TrainResponse = { ...result, backend }
    return Comlink.transfer(response, [response.delta.buffer])
  },

  async evaluate (weights: Float32Array | null, set: DataSelection, options: { signal?: AbortSignal } = {}) {
    const samples = await samplesFor(set, options.signal)
    return await trainer.evaluate(samples, { weights: weights ?? undefined, signal: options.signal })
  },

  async forward (weights: Float32Array | null, set: DataSelection, on?: BackendName): Promise<Float32Array> {
    const spec = trainer.spec
    if (spec == null || backend == null) throw new ModelNotLoadedError()
    const samples = await samplesFor(set)
    const w = weights ?? trainer.currentWeights()
    const target = on ?? backend
    if (target === backend) return await trainer.predict(samples, { weights: w })
    // a throwaway model on the other backend, then back
    await useBackend(target)
    const other = new Trainer({ tf, yieldToEventLoop })
    try {
      other.load(spec, w)
      return await other.predict(samples)
    } finally {
      other.dispose()
      await useBackend(backend)
    }
  },

  onNotice (listener) {
    noticeListener = listener
  },

  async memory () {
    const m = tf.memory()
    return { numTensors: m.numTensors, numBytes: m.numBytes, backend: tf.getBackend() }
  }
}

Comlink.expose(api)
