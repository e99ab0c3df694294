/**
 * A federated task: which model, which data and partition, how each round trains, protects
 * and aggregates. The relay (coordinator) owns one per task; its training and protection
 * part travels in every `RoundAnnounce` as a `RoundConfig` (shared/protocol/fl.proto).
 */
import { Aggregator, UpdateEncoding } from '../protocol/fl.ts'
import type { RoundConfig } from '../protocol/fl.ts'
import { InvalidParametersError } from '../errors.ts'
import type { AggregatorName } from './aggregate.ts'
import { DEFAULT_MAX_TOP_K_FRACTION, DEFAULT_MIN_TOP_K_FRACTION, DEFAULT_TOP_K_FRACTION } from './compression.ts'
import type { CompressInit, UpdateEncodingName } from './compression.ts'
import { parameterCount } from './model-spec.ts'
import type { ModelSpec } from './model-spec.ts'
import { PAPER_MODELS } from './paper-models.ts'
import { topKCount } from './sparse.ts'

export const SECOND = 1000
export const MINUTE = 60 * SECOND

export interface CompressionConfig {
  /** @default 'sparse-fp16' */
  encoding: UpdateEncodingName
  /** top-k share a client starts from @default 0.01 */
  topKFraction: number
  /** adaptive range @default 0.01 */
  minTopKFraction: number
  /** @default 0.3 */
  maxTopKFraction: number
  /** L2 bound on each update (and on each clipped delta) @default 10 */
  clipNorm: number
}

export interface TaskConfig {
  /** stable id; names the gossipsub topic `/vain/<id>/rounds/1` */
  id: string
  /** a model spec id, e.g. `mnist-2nn` (shared/fl/paper-models.ts) */
  modelSpecId: string
  /** @default 'mnist' */
  dataset: string
  /** @default 'iid' */
  partition: 'iid' | 'non-iid'
  /** local epochs E @default 5 */
  epochs: number
  /** local batch size B @default 10 */
  batchSize: number
  /** client SGD learning rate @default 0.1 */
  lr: number
  /** share C of the known nodes selected each round @default 0.1 */
  fraction: number
  /** valid updates a round needs to commit @default 1 */
  minParticipants: number
  /** time from announce to deadline @default 2 * MINUTE */
  roundDurationMs: number
  compression: CompressionConfig
  /** @default 'fedavg' */
  aggregator: AggregatorName
  /** share trimmed at each end by 'trimmed-mean' @default 0.1 */
  trim: number
  /** server learning rate η: w' = w + η · mean delta @default 1 */
  serverLr: number
  /** most samples one update may claim (its FedAvg weight) @default 60_000 */
  maxSamples: number
}

export const DEFAULT_COMPRESSION: CompressionConfig = Object.freeze({
  encoding: 'sparse-fp16',
  topKFraction: DEFAULT_TOP_K_FRACTION,
  minTopKFraction: DEFAULT_MIN_TOP_K_FRACTION,
  maxTopKFraction: DEFAULT_MAX_TOP_K_FRACTION,
  clipNorm: 10
}) as CompressionConfig

/** The default task: the FedAvg paper's MNIST 2NN, IID. */
export const DEFAULT_TASK: TaskConfig = Object.freeze({
  id: 'mnist-2nn-iid',
  modelSpecId: 'mnist-2nn',
  dataset: 'mnist',
  partition: 'iid',
  epochs: 5,
  batchSize: 10,
  lr: 0.1,
  fraction: 0.1,
  minParticipants: 1,
  roundDurationMs: 2 * MINUTE,
  compression: DEFAULT_COMPRESSION,
  aggregator: 'fedavg',
  trim: 0.1,
  serverLr: 1,
  maxSamples: 60_000
}) as TaskConfig

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/

/** A complete task from a partial one over `DEFAULT_TASK`, validated (`InvalidParametersError`). */
export function createTask (init: Partial<Omit<TaskConfig, 'compression'>> & { compression?: Partial<CompressionConfig> } = {}): TaskConfig {
  const task: TaskConfig = { ...DEFAULT_TASK, ...init, compression: { ...DEFAULT_COMPRESSION, ...init.compression } }
  validateTask(task)
  return task
}

function check (ok: boolean, message: string): void {
  if (!ok) throw new InvalidParametersError(message)
}

const posInt = (v: number): boolean => Number.isInteger(v) && v >= 1

export function validateTask (t: TaskConfig): void {
  check(typeof t.id === 'string' && ID.test(t.id), `task id must match ${String(ID)}, got ${String(t.id)}`)
  check(typeof t.modelSpecId === 'string' && ID.test(t.modelSpecId), `modelSpecId must match ${String(ID)}`)
  check(typeof t.dataset === 'string' && ID.test(t.dataset), `dataset must match ${String(ID)}`)
  check(t.partition === 'iid' || t.partition === 'non-iid', `partition must be iid or non-iid, got ${String(t.partition)}`)
  check(posInt(t.epochs) && t.epochs <= 1000, `epochs must be an integer in 1..1000, got ${t.epochs}`)
  check(posInt(t.batchSize) && t.batchSize <= 65_536, `batchSize must be an integer in 1..65536, got ${t.batchSize}`)
  check(t.lr > 0 && Number.isFinite(t.lr), `lr must be positive, got ${t.lr}`)
  check(t.fraction > 0 && t.fraction <= 1, `fraction must be in (0, 1], got ${t.fraction}`)
  check(posInt(t.minParticipants), `minParticipants must be a positive integer, got ${t.minParticipants}`)
  check(Number.isFinite(t.roundDurationMs) && t.roundDurationMs >= 100, `roundDurationMs must be at least 100, got ${t.roundDurationMs}`)
  const c = t.compression
  check(['sparse-fp16', 'dense-fp16', 'dense-fp32'].includes(c.encoding), `compression.encoding unknown: ${String(c.encoding)}`)
  check(c.minTopKFraction > 0 && c.minTopKFraction <= c.topKFraction && c.topKFraction <= c.maxTopKFraction && c.maxTopKFraction <= 1,
    `need 0 < minTopKFraction ≤ topKFraction ≤ maxTopKFraction ≤ 1, got ${c.minTopKFraction}, ${c.topKFraction}, ${c.maxTopKFraction}`)
  check(c.clipNorm > 0 && Number.isFinite(c.clipNorm), `compression.clipNorm must be positive, got ${c.clipNorm}`)
  check(['fedavg', 'trimmed-mean', 'median'].includes(t.aggregator), `aggregator unknown: ${String(t.aggregator)}`)
  check(t.trim >= 0 && t.trim < 0.5, `trim must be in [0, 0.5), got ${t.trim}`)
  check(t.serverLr > 0 && Number.isFinite(t.serverLr), `serverLr must be positive, got ${t.serverLr}`)
  check(posInt(t.maxSamples) && t.maxSamples <= 0xffffffff, `maxSamples must be a positive u32, got ${t.maxSamples}`)
}

/** The model spec a task names (from the paper models), or `InvalidParametersError`. */
export function taskModelSpec (task: Pick<TaskConfig, 'modelSpecId'>): ModelSpec {
  const spec = PAPER_MODELS[task.modelSpecId]
  if (spec == null) throw new InvalidParametersError(`unknown model spec ${task.modelSpecId}; known: ${Object.keys(PAPER_MODELS).join(', ')}`)
  return spec
}

/** Length of the flat weights vector of the task's model. */
export function taskDimension (task: Pick<TaskConfig, 'modelSpecId'>): number {
  return parameterCount(taskModelSpec(task))
}

/** Gossipsub topic of a task's round announces and commits. */
export function roundsTopic (taskId: string): string {
  return `/vain/${taskId}/rounds/1`
}

/** Most values one update of this task may carry. */
export function maxValuesPerUpdate (task: TaskConfig, dimension: number): number {
  return task.compression.encoding === 'sparse-fp16' ? topKCount(dimension, task.compression.maxTopKFraction) : dimension
}

const AGGREGATOR_TO_WIRE: Record<AggregatorName, Aggregator> = { fedavg: Aggregator.FEDAVG, 'trimmed-mean': Aggregator.TRIMMED_MEAN, median: Aggregator.MEDIAN }

const ENCODING_TO_WIRE: Record<UpdateEncodingName, UpdateEncoding> = { 'sparse-fp16': UpdateEncoding.SPARSE_FP16, 'dense-fp16': UpdateEncoding.DENSE_FP16, 'dense-fp32': UpdateEncoding.DENSE_FP32 }

/** The part of a task every participant needs, as it travels in the announce. */
export function toRoundConfig (t: TaskConfig): RoundConfig {
  return {
    modelSpecId: t.modelSpecId,
    dataset: t.dataset,
    partition: t.partition,
    epochs: t.epochs,
    batchSize: t.batchSize,
    lr: t.lr,
    topKFraction: t.compression.encoding === 'sparse-fp16' ? t.compression.topKFraction : 1,
    minTopKFraction: t.compression.encoding === 'sparse-fp16' ? t.compression.minTopKFraction : 1,
    maxTopKFraction: t.compression.encoding === 'sparse-fp16' ? t.compression.maxTopKFraction : 1,
    clipNorm: t.compression.clipNorm,
    aggregator: AGGREGATOR_TO_WIRE[t.aggregator],
    serverLr: t.serverLr,
    maxSamples: t.maxSamples,
    encoding: ENCODING_TO_WIRE[t.compression.encoding]
  }
}

/**
 * How a client compresses for a round announced with `config`: the announced encoding, for
 * sparse fp16 at `fraction` (its adapted share, clamped to the announced range). Pass the result (with the residual) to `prepareUpdate`.
 */
export function clientCompression (config: RoundConfig, fraction: number = config.topKFraction): CompressInit {
  if (config.encoding === UpdateEncoding.DENSE_FP32) return { encoding: 'dense-fp32', clipNorm: config.clipNorm }
  if (config.encoding === UpdateEncoding.DENSE_FP16 || config.maxTopKFraction >= 1) return { encoding: 'dense-fp16', clipNorm: config.clipNorm }
  const f = Math.min(config.maxTopKFraction, Math.max(config.minTopKFraction, fraction))
  return { encoding: 'sparse-fp16', fraction: f, clipNorm: config.clipNorm }
}
