/**
 * The supernode's persistent state in the relay's LevelDB datastore: the
 * committed global model (by CID), the round it came from, the round history
 * and per-node counters. A commit is one atomic batch, so a SIGKILL leaves
 * either the old round or the new one, never half of each.
 */
import { Key } from 'interface-datastore'
import type { Datastore } from 'interface-datastore'
import { weightsCid, weightsFromBytes, weightsToBytes } from '#shared/fl/weights.ts'

export interface RoundRecord {
  round: number
  attempts: number
  participants: number
  accepted: number
  rejected: Record<string, number>
  samples: number
  trainLoss: number
  /** held-out accuracy of the committed model (0–1) */
  accuracy: number
  /** held-out loss of the committed model */
  loss: number
  evalSamples: number
  /** bytes of every update frame received */
  bytesUp: number
  /** bytes of model chunks served while the round was open */
  bytesDown: number
  /** what the accepted updates would weigh as dense float32 */
  denseBytesUp: number
  modelCid: string
  baseModelCid: string
  announcedAt: number
  committedAt: number
}

export interface NodeCounters {
  accepted: number
  rejected: number
  samples: number
  lastRound: number
}

interface TaskState { round: number, modelCid: string }

/** Rounds kept in the history (older ones are deleted). */
export const MAX_HISTORY = 10_000
/** Models kept (the current and the previous ones, for late fetchers). */
export const KEPT_MODELS = 3

export class RoundStore {
  private readonly ds: Datastore
  private readonly prefix: string

  constructor (datastore: Datastore, taskId: string) {
    this.ds = datastore
    this.prefix = `/vain/fl/${taskId}`
  }

  private key (...parts: string[]): Key {
    return new Key([this.prefix, ...parts].join('/'))
  }

  /** The last committed model and round, verified against its CID; undefined on a fresh relay. */
  async load (): Promise<{ round: number, model: Float32Array } | undefined> {
    if (!await this.ds.has(this.key('state'))) return undefined
    const state = JSON.parse(new TextDecoder().decode(await this.ds.get(this.key('state')))) as TaskState
    const model = weightsFromBytes(await this.ds.get(this.key('model', pad(state.round))))
    const cid = (await weightsCid(model)).toString()
    if (cid !== state.modelCid) throw new Error(`stored model ${state.modelCid} does not match its bytes (${cid})`)
    return { round: state.round, model }
  }

  /** Saves the initial model (round 0) unless a state exists. */
  async init (model: Float32Array): Promise<void> {
    if (await this.ds.has(this.key('state'))) return
    await this.commit(0, model, undefined, undefined)
  }

  async commit (round: number, model: Float32Array, record: RoundRecord | undefined, counters: Map<string, NodeCounters> | undefined): Promise<void> {
    const cid = (await weightsCid(model)).toString()
    const batch = this.ds.batch()
    batch.put(this.key('model', pad(round)), weightsToBytes(model).slice())
    if (record != null) batch.put(this.key('rounds', pad(round)), json(record))
    for (const [peer, c] of counters ?? []) batch.put(this.key('nodes', peer), json(c))
    batch.put(this.key('state'), json({ round, modelCid: cid } satisfies TaskState))
    if (round >= KEPT_MODELS) batch.delete(this.key('model', pad(round - KEPT_MODELS)))
    if (round > MAX_HISTORY) batch.delete(this.key('rounds', pad(round - MAX_HISTORY)))
    await batch.commit()
  }

  async history (limit = MAX_HISTORY): Promise<RoundRecord[]> {
    const out: RoundRecord[] = []
    for await (const { value } of this.ds.query({ prefix: this.key('rounds').toString() })) {
      out.push(JSON.parse(new TextDecoder().decode(value)) as RoundRecord)
    }
    out.sort((a, b) => a.round - b.round)
    return out.slice(-limit)
  }

  async counters (peer: string): Promise<NodeCounters | undefined> {
    const k = this.key('nodes', peer)
    if (!await this.ds.has(k)) return undefined
    return JSON.parse(new TextDecoder().decode(await this.ds.get(k))) as NodeCounters
  }
}

function pad (n: number): string {
  return String(n).padStart(12, '0')
}

function json (v: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(v))
}
