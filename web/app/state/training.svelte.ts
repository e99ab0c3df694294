/**
 * State of "Train locally": owns the training worker client, turns its progress callbacks
 * into runes for TrainLocal.svelte. Settings come from the URL (`?backend=`, `?model=`,
 * `?samples=`, `?batch=`, `?lr=`, `?epochs=`) or the persisted backend preference.
 */
import type { DataSelection } from '#shared/fl/dataset.ts'
import { MNIST_2NN, PAPER_MODELS } from '#shared/fl/paper-models.ts'
import type { ProbeResult } from '#shared/fl/probe.ts'
import { isBackendName } from '#shared/fl/tf.ts'
import type { TrainProgress } from '#shared/fl/trainer.ts'
import { DEFAULT_TRAIN_CONFIG } from '../../worker/api.ts'
import type { BackendPreference, LoadResult, TrainResponse } from '../../worker/api.ts'
import { Comlink, createTrainingClient } from '../../worker/client.ts'
import type { TrainingClient } from '../../worker/client.ts'
import { errorText } from '../errors.ts'

const PREFERENCE_KEY = 'vain.training.backend'
/** digits of the test set the accuracy is measured on */
export const HELD_OUT: DataSelection = { split: 'test', kind: 'range', start: 0, count: 1000 }
/** this browser's shard: client 0 of a 10-client IID partition (6,000 digits) */
const DEFAULT_SHARD = { split: 'train', kind: 'iid', clients: 10, client: 0, seed: 1 } as const

export type Phase = 'idle' | 'loading' | 'training' | 'evaluating' | 'done' | 'error' | 'cancelled'

function urlParams (): URLSearchParams {
  return new URLSearchParams(typeof location === 'undefined' ? '' : location.search)
}

function storedPreference (): BackendPreference {
  try {
    const v = localStorage.getItem(PREFERENCE_KEY)
    return isBackendName(v) ? v : 'auto'
  } catch {
    return 'auto'
  }
}

/** The backend the user asked for: `?backend=` wins over the stored setting; else `auto`. */
export function backendPreference (): BackendPreference {
  const forced = urlParams().get('backend')
  return isBackendName(forced) ? forced : storedPreference()
}

export class TrainingState {
  phase = $state<Phase>('idle')
  modelId = $state(MNIST_2NN.id)
  preference = $state<BackendPreference>('auto')
  /** set from ?backend=; wins over the stored preference */
  forcedByUrl = $state(false)
  backend = $state<string>('')
  reason = $state('')
  probes = $state<ProbeResult[]>([])
  progress = $state<TrainProgress | null>(null)
  lossHistory = $state<number[]>([])
  result = $state<Omit<TrainResponse, 'delta'> | null>(null)
  accuracy = $state<number | null>(null)
  error = $state<string | null>(null)
  errorDetail = $state<string | null>(null)
  notices = $state<string[]>([])
  weightsCid = $state('')

  private client?: TrainingClient
  private controller?: AbortController

  constructor () {
    const params = urlParams()
    const forced = params.get('backend')
    if (isBackendName(forced)) {
      this.preference = forced
      this.forcedByUrl = true
    } else {
      this.preference = storedPreference()
    }
    // for e2e tests and the curious: the worker client, created on first access
    Object.defineProperty(globalThis, '__vainTraining', { configurable: true, get: () => this.ensureClient() })
    const model = params.get('model')
    if (model != null && PAPER_MODELS[model] != null) this.modelId = model
  }

  get running (): boolean {
    return this.phase === 'loading' || this.phase === 'training' || this.phase === 'evaluating'
  }

  get fraction (): number {
    const p = this.progress
    if (this.phase === 'done' || this.phase === 'evaluating') return 1
    return p == null || p.totalSamples === 0 ? 0 : p.samples / p.totalSamples
  }

  setPreference (value: BackendPreference): void {
    this.preference = value
    this.forcedByUrl = false
    try { localStorage.setItem(PREFERENCE_KEY, value) } catch { /* private mode: not persisted */ }
  }

  /** The worker client, created on first use. */
  ensureClient (): TrainingClient {
    if (this.client == null) {
      this.client = createTrainingClient()
      void this.client.onNotice(Comlink.proxy(n => { this.notices = [...this.notices, n.message] }))
    }
    return this.client
  }

  async start (): Promise<void> {
    if (this.running) return
    const spec = PAPER_MODELS[this.modelId]
    const params = urlParams()
    const num = (name: string): number | undefined => {
      const v = params.get(name)
      return v == null || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v)
    }
    const defaults = DEFAULT_TRAIN_CONFIG[spec.id]
    const config = {
      ...defaults,
      epochs: num('epochs') ?? defaults.epochs,
      batchSize: num('batch') ?? defaults.batchSize,
      lr: num('lr') ?? defaults.lr
    }
    const limit = num('samples')
    const shard: DataSelection = { ...DEFAULT_SHARD, ...(limit != null ? { limit } : {}) }

    this.error = null
    this.errorDetail = null
    this.accuracy = null
    this.result = null
    this.progress = null
    this.lossHistory = []
    this.notices = []
    this.controller = new AbortController()
    const { signal } = this.controller
    try {
      const client = this.ensureClient()
      this.phase = 'loading'
      const loaded: LoadResult = await client.load(spec, null, { backend: this.preference })
      this.backend = loaded.backend
      this.reason = loaded.reason
      this.probes = loaded.probes
      this.weightsCid = loaded.weightsCid
      this.phase = 'training'
      const { delta: _delta, ...result } = await client.train({ ...config, shard }, Comlink.proxy((p: TrainProgress) => {
        this.progress = p
        if (Number.isFinite(p.loss)) this.lossHistory = [...this.lossHistory, p.loss]
      }), { signal })
      this.result = result
      this.phase = 'evaluating'
      const ev = await client.evaluate(null, HELD_OUT, { signal })
      this.accuracy = ev.accuracy
      this.phase = 'done'
    } catch (err) {
      const e = err as Error
      if (e?.name === 'AbortError') {
        this.phase = 'cancelled'
        return
      }
      this.phase = 'error'
      this.error = errorText(err)
      this.errorDetail = e?.message ?? null
    }
  }

  stop (): void {
    this.controller?.abort()
  }

  dispose (): void {
    this.controller?.abort()
    this.client?.terminate()
    this.client = undefined
  }
}
