/**
 * What a node needs besides the signed announce to take part in a task: how the
 * training set is partitioned and which part is whose. Served by the relay at
 * GET /api/task; the shard of a node follows from its peer id, so it trains on
 * the same data every round (as a real device would).
 */
import { sha256 } from 'multiformats/hashes/sha2'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import type { DataSelection } from './dataset.ts'
import { createTask } from './task.ts'
import type { TaskConfig } from './task.ts'
import { InvalidParametersError } from '../errors.ts'

export interface TaskInfo {
  task: TaskConfig
  /** K: the training set is split into this many client shards */
  shards: number
  /** partition seed */
  seed: number
  /** test digits the coordinator evaluates each committed model on */
  evalSamples: number
}

export const DEFAULT_SHARDS = 100
export const DEFAULT_PARTITION_SEED = 1

/** The shard index of `peerId` among `shards`. */
export async function shardOf (peerId: string, shards: number): Promise<number> {
  const d = (await sha256.digest(uint8ArrayFromString(`shard\n${peerId}`))).digest
  return ((d[0] << 24 >>> 0) + (d[1] << 16) + (d[2] << 8) + d[3]) % shards
}

/** The training samples `peerId` uses in this task. */
export async function shardSelection (info: TaskInfo, peerId: string): Promise<DataSelection> {
  return { split: 'train', kind: info.task.partition, clients: info.shards, client: await shardOf(peerId, info.shards), seed: info.seed }
}

export const DEFAULT_EVAL_SAMPLES = 10_000
const MNIST_TRAIN = 60_000
const MNIST_TEST = 10_000

/** A TaskInfo from untrusted JSON (a relay's --task file) over the defaults; InvalidParametersError when wrong. */
export function resolveTaskInfo (input: Record<string, unknown> = {}): TaskInfo {
  const known = new Set(['task', 'shards', 'seed', 'evalSamples'])
  for (const k of Object.keys(input)) if (!known.has(k)) throw new InvalidParametersError(`unknown task-file key "${k}"`)
  const t = input.task ?? {}
  if (typeof t !== 'object' || t == null || Array.isArray(t)) throw new InvalidParametersError('"task" must be an object')
  const task = createTask(t as Parameters<typeof createTask>[0])
  const shards = input.shards ?? DEFAULT_SHARDS
  const seed = input.seed ?? DEFAULT_PARTITION_SEED
  const evalSamples = input.evalSamples ?? DEFAULT_EVAL_SAMPLES
  const int = (v: unknown, lo: number, hi: number, name: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new InvalidParametersError(`${name} must be a whole number from ${lo} to ${hi}`)
    return v
  }
  return {
    task,
    shards: int(shards, 1, MNIST_TRAIN, 'shards'),
    seed: int(seed, 0, 2 ** 31 - 1, 'seed'),
    evalSamples: int(evalSamples, 1, MNIST_TEST, 'evalSamples')
  }
}
