/**
 * Backend choice by measurement. `probeBackend` times a few real training steps of the
 * task's model on one backend (after a warm-up step that pays for shader compilation);
 * `chooseBackend` picks the fastest, but never a software WebGPU adapter (SwiftShader,
 * `isFallbackAdapter`) unless its own measurement beats every other backend's. The
 * platform (worker, Node) owns switching backends and caching results.
 */
import { buildModel } from './model-builder.ts'
import { sampleSize } from './model-spec.ts'
import type { ModelSpec } from './model-spec.ts'
import { createRandom } from './random.ts'
import type { BackendName, Scalar, Tensor, Tf } from './tf.ts'
import { initWeights } from './weights.ts'

export interface ProbeResult {
  backend: BackendName
  /** measured training throughput; for a timed-out probe an upper bound */
  samplesPerSec: number
  /** the first step, compilation included */
  warmupMs: number
  /** timed steps after the warm-up */
  steps: number
  batchSize: number
  /** the warm-up alone took longer than the budget: the figure is an upper bound */
  timedOut: boolean
  /** a software WebGPU adapter (SwiftShader / fallback) */
  software?: boolean
  /** adapter or runtime description, for people */
  detail?: string
  /** why it could not run at all */
  error?: string
}

export interface ProbeInit {
  tf: Tf
  spec: ModelSpec
  backend: BackendName
  /** @default 10 */
  batchSize?: number
  /** stop timing after this long @default 800 */
  budgetMs?: number
  /** give up on a warm-up step that takes longer @default 4000 */
  warmupBudgetMs?: number
  /** @default 5 */
  maxSteps?: number
  now?: () => number
  software?: boolean
  detail?: string
}

export const DEFAULT_PROBE_BATCH = 10
const DEFAULT_PROBE_BUDGET_MS = 800
const DEFAULT_WARMUP_BUDGET_MS = 4000
const DEFAULT_PROBE_STEPS = 5

/** Times training steps of `spec` on the backend that is already active in `tf`. */
export async function probeBackend (init: ProbeInit): Promise<ProbeResult> {
  const { tf, spec, backend } = init
  const now = init.now ?? (() => performance.now())
  const batchSize = init.batchSize ?? DEFAULT_PROBE_BATCH
  const budget = init.budgetMs ?? DEFAULT_PROBE_BUDGET_MS
  const warmupBudget = init.warmupBudgetMs ?? DEFAULT_WARMUP_BUDGET_MS
  const maxSteps = init.maxSteps ?? DEFAULT_PROBE_STEPS
  const base = { backend, batchSize, software: init.software, detail: init.detail }
  const model = buildModel(tf, spec, initWeights(spec))
  const optimizer = tf.train.sgd(0.01)
  const random = createRandom(`probe:${spec.id}`)
  const size = sampleSize(spec)
  const [h, w, c] = spec.inputShape
  const batches = new Map<number, { x: Tensor, y: Tensor }>()
  const data = (n: number): { x: Tensor, y: Tensor } => {
    let d = batches.get(n)
    if (d == null) {
      const xs = Float32Array.from({ length: n * size }, () => random())
      const ys = Int32Array.from({ length: n }, (_, i) => i % spec.classes)
      d = { x: tf.tensor4d(xs, [n, h, w, c]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(ys, 'int32'), spec.classes)) }
      batches.set(n, d)
    }
    return d
  }
  const step = async (n: number): Promise<number> => {
    const { x, y } = data(n)
    const t0 = now()
    const cost = tf.tidy(() => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.logits(x)) as Scalar, true, model.variables as never) as Scalar)
    try { await cost.data() } finally { cost.dispose() }
    return now() - t0
  }
  try {
    // a ladder, so that a slow backend (tfjs cpu on the CNN: seconds a sample) costs little:
    // one sample to pay for compilation, one more to time, then the real batch size
    const warmupMs = await step(1)
    if (warmupMs > warmupBudget) {
      return { ...base, batchSize: 1, samplesPerSec: 1000 / warmupMs, warmupMs, steps: 0, timedOut: true }
    }
    const single = await step(1)
    // a full batch costs at most ~batchSize single steps: skip it where that could take long
    if (single * batchSize > warmupBudget) {
      return { ...base, batchSize: 1, samplesPerSec: 1000 / single, warmupMs, steps: 1, timedOut: false }
    }
    const warmupFull = await step(batchSize)
    if (warmupFull > warmupBudget) {
      return { ...base, samplesPerSec: batchSize * 1000 / warmupFull, warmupMs: warmupMs + warmupFull, steps: 0, timedOut: true }
    }
    let steps = 0
    let ms = 0
    while (steps < maxSteps && (steps === 0 || ms < budget)) {
      ms += await step(batchSize)
      steps++
    }
    return { ...base, samplesPerSec: steps * batchSize * 1000 / ms, warmupMs: warmupMs + warmupFull, steps, timedOut: false }
  } finally {
    for (const { x, y } of batches.values()) { x.dispose(); y.dispose() }
    optimizer.dispose()
    model.dispose()
  }
}

export interface BackendChoice {
  backend: BackendName
  /** one line for people: the figures and the rule that decided */
  reason: string
}

const fmt = (sps: number): string => sps >= 100 ? Math.round(sps).toLocaleString('en-US') : sps.toFixed(1)

export function describeProbe (r: ProbeResult): string {
  if (r.error != null) return `${r.backend}: unavailable (${r.error})`
  const soft = r.software === true ? ', software adapter' : ''
  const timed = r.timedOut ? `≤ ${fmt(r.samplesPerSec)} samples/s (warm-up ${Math.round(r.warmupMs)} ms, gave up)` : `${fmt(r.samplesPerSec)} samples/s`
  return `${r.backend}${soft}: ${timed}`
}

/**
 * The fastest measured backend. A timed-out probe only wins where nothing else ran; a
 * software WebGPU adapter only wins on its own completed measurement.
 */
export function chooseBackend (results: readonly ProbeResult[]): BackendChoice | undefined {
  const ran = results.filter(r => r.error == null)
  if (ran.length === 0) return undefined
  const complete = ran.filter(r => !r.timedOut)
  const pool = complete.length > 0 ? complete : ran
  const best = [...pool].sort((a, b) => b.samplesPerSec - a.samplesPerSec)[0]
  const figures = results.map(describeProbe).join('; ')
  const softLost = results.find(r => r.software === true && r.backend !== best.backend)
  const rule = softLost != null ? ` — ${softLost.backend} is a software adapter and measured slower` : ''
  return { backend: best.backend, reason: `${best.backend} is fastest here (${figures})${rule}` }
}
