/**
 * The relay as round coordinator (supernode) for one task, DESIGN.md §3 steps
 * 1–6 on one relay: announces rounds on gossipsub to the nodes subscribed to
 * the task's topic (clicking "Contribute" subscribes), serves the model in
 * Merkle-verified chunks, receives signed updates on /vain/update/1.0.0,
 * commits through the shared RoundCoordinator, evaluates the new model on
 * held-out MNIST, persists everything, and reports to /api/rounds and SSE.
 */
import { TypedEventEmitter } from 'main-event'
import { lpStream } from '@libp2p/utils'
import { logger } from '@libp2p/logger'
import type { Libp2p } from 'libp2p'
import type { PrivateKey, Stream, Connection } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'
import { RoundCoordinator } from '#shared/fl/round.ts'
import type { RoundResult, RoundStatus } from '#shared/fl/round.ts'
import { roundsTopic, taskModelSpec, maxValuesPerUpdate } from '#shared/fl/task.ts'
import type { TaskConfig } from '#shared/fl/task.ts'
import { maxUpdateBytes } from '#shared/fl/update-codec.ts'
import { encodeModelChunk } from '#shared/fl/model-chunks.ts'
import type { ChunkedModel } from '#shared/fl/model-chunks.ts'
import { initWeights } from '#shared/fl/weights.ts'
import { loadSamples } from '#shared/fl/dataset.ts'
import type { Samples } from '#shared/fl/dataset.ts'
import type { TaskInfo } from '#shared/fl/task-info.ts'
import { PROTOCOL_UPDATE } from '#shared/protocol/ids.ts'
import { MAX_LENGTH_PREFIX_BYTES, MAX_UPDATE_REPLY_BYTES, UPDATE_TIMEOUT_MS } from '#shared/protocol/limits.ts'
import { RoundStore } from './round-store.ts'
import type { NodeCounters, RoundRecord } from './round-store.ts'
import { createNodeTrainer, useNodeBackend } from './node-tf.ts'
import { mnistSource } from './mnist.ts'

const log = logger('vain:relay:supernode')

/** How often the coordinator checks deadlines and candidates. */
export const TICK_MS = 500
/** Models whose chunks stay servable (current and the previous ones). */
const SERVED_MODELS = 3
/** Updates received at once (each holds a frame up to maxUpdateBytes). */
const MAX_INBOUND_UPDATES = 32

/** Who contributed to a committed round: for per-node accounting such as epoch rewards. */
export interface RoundContributions {
  round: number
  /** every peer whose update went into the committed model, with the samples it declared */
  accepted: Array<{ peerId: string, samples: number }>
  /** updates refused while the round was open, by the peer that sent the stream */
  rejected: Array<{ peerId: string, count: number }>
}

export interface SupernodeEvents {
  announce: CustomEvent<RoundStatus>
  round: CustomEvent<RoundRecord>
  status: CustomEvent<RoundStatus>
  /** after `round`, for the same committed round */
  contributions: CustomEvent<RoundContributions>
}

export interface SupernodeInit {
  node: Libp2p
  privateKey: PrivateKey
  datastore: Datastore
  info: TaskInfo
}

type PubSub = {
  subscribe(topic: string): void
  unsubscribe(topic: string): void
  getSubscribers(topic: string): Array<{ toString(): string }>
  publish(topic: string, data: Uint8Array): Promise<unknown>
}

export class Supernode extends TypedEventEmitter<SupernodeEvents> {
  readonly info: TaskInfo
  private readonly node: Libp2p
  private readonly store: RoundStore
  private readonly coordinator: RoundCoordinator
  private readonly test: Samples
  private readonly trainer = createNodeTrainer()
  private readonly served = new Map<string, ChunkedModel>()
  private readonly submitted = new Set<string>()
  /** samples declared by each accepted update of the open round (kept over re-announces, like the updates) */
  private readonly roundSamples = new Map<string, number>()
  private readonly roundRejected = new Map<string, number>()
  private readonly controller = new AbortController()
  private history: RoundRecord[]
  private queue: Promise<unknown> = Promise.resolve()
  private timer?: ReturnType<typeof setInterval>
  private bytesDown = 0
  /** refusals before a frame reached the coordinator (oversized length prefix, broken stream) */
  private streamRejected: Record<string, number> = {}

  private constructor (init: SupernodeInit, store: RoundStore, coordinator: RoundCoordinator, test: Samples, history: RoundRecord[]) {
    super()
    this.info = init.info
    this.node = init.node
    this.store = store
    this.coordinator = coordinator
    this.test = test
    this.history = history
    this.serve(coordinator.chunked)
  }

  static async create (init: SupernodeInit): Promise<Supernode> {
    const task = init.info.task
    const spec = taskModelSpec(task)
    const store = new RoundStore(init.datastore, task.id)
    await store.init(initWeights(spec))
    const saved = await store.load()
    if (saved == null) throw new Error('round store did not initialise')
    const coordinator = await RoundCoordinator.create({
      task,
      privateKey: init.privateKey,
      coordinator: init.node.peerId.toString(),
      model: saved.model,
      round: saved.round
    })
    await useNodeBackend('wasm')
    const test = await loadSamples(await mnistSource(), { split: 'test', kind: 'range', start: 0, count: init.info.evalSamples })
    const history = await store.history()
    log('task %s resumes at round %d, model %s', task.id, saved.round, coordinator.modelCid.toString())
    return new Supernode(init, store, coordinator, test, history)
  }

  get task (): TaskConfig { return this.info.task }
  get topic (): string { return roundsTopic(this.task.id) }
  private get pubsub (): PubSub { return (this.node.services as unknown as { pubsub: PubSub }).pubsub }

  async start (): Promise<void> {
    // subscribe too, so gossipsub meshes with the contributors on this topic
    this.pubsub.subscribe(this.topic)
    await this.node.handle(PROTOCOL_UPDATE, (stream, connection) => this.onUpdate(stream, connection), {
      maxInboundStreams: MAX_INBOUND_UPDATES,
      runOnLimitedConnection: false
    })
    this.timer = setInterval(() => { void this.serial(async () => { await this.tick() }) }, TICK_MS)
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    this.controller.abort()
    await this.queue.catch(() => {})
    await this.node.unhandle(PROTOCOL_UPDATE).catch(() => {})
  }

  /** Runs coordinator work one piece at a time (announce, submit, commit never overlap badly). */
  private async serial<T> (fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn)
    this.queue = next.catch(err => { log.error('supernode step failed - %e', err) })
    return next
  }

  /** Nodes that asked to contribute: subscribed to the task's rounds topic. */
  candidates (): string[] {
    return this.pubsub.getSubscribers(this.topic).map(p => p.toString()).filter(id => !this.isRelay(id))
  }

  private isRelay (id: string): boolean {
    return id === this.node.peerId.toString()
  }

  status (): RoundStatus {
    const s = this.coordinator.status()
    return s.rejected == null ? s : { ...s, rejected: mergeCounts(s.rejected, this.streamRejected) }
  }

  rounds (): RoundRecord[] {
    return this.history
  }

  /** The chunk frame (chunk + Merkle proof) of a served model, or undefined. */
  chunk (modelCid: string, index: number): Uint8Array | undefined {
    const model = this.served.get(modelCid)
    if (model == null || !Number.isInteger(index) || index < 0 || index >= model.chunks.length) return undefined
    const frame = encodeModelChunk(model, index)
    this.bytesDown += frame.byteLength
    return frame
  }

  private serve (model: ChunkedModel): void {
    this.served.set(model.modelCid.toString(), model)
    while (this.served.size > SERVED_MODELS) this.served.delete(this.served.keys().next().value as string)
  }

  private async tick (): Promise<void> {
    if (this.controller.signal.aborted) return
    const candidates = this.candidates()
    const c = this.coordinator
    if (c.phase === 'idle') {
      if (candidates.length < this.task.minParticipants) return
      const announced = await c.announce(candidates, { signal: this.controller.signal })
      this.submitted.clear()
      this.roundSamples.clear()
      this.roundRejected.clear()
      this.bytesDown = 0
      this.streamRejected = {}
      await this.publish(announced.frame)
      log('round %d announced to %d of %d candidates', Number(announced.announce.round), announced.announce.participants.length, candidates.length)
      this.safeDispatchEvent('announce', { detail: this.status() })
      return
    }
    if (c.phase !== 'open') return
    // everyone still here has sent: no need to wait for the deadline
    const open = c.openAnnounce
    const present = new Set(candidates)
    const waitingFor = open?.participants.filter(p => present.has(p) && !this.submitted.has(p)) ?? []
    if (open != null && waitingFor.length === 0 && c.status().accepted >= this.task.minParticipants) {
      await this.committed(await c.commit({ signal: this.controller.signal }))
      return
    }
    const t = await c.tick(candidates, { signal: this.controller.signal })
    if (t.kind === 'committed') await this.committed(t.result)
    else if (t.kind === 'reannounced') {
      this.submitted.clear()
      await this.publish(t.announced.frame)
      this.safeDispatchEvent('announce', { detail: this.status() })
    }
  }

  private async publish (frame: Uint8Array): Promise<void> {
    try {
      await this.pubsub.publish(this.topic, frame)
    } catch (err) {
      log.error('could not publish on %s - %e', this.topic, err)
    }
  }

  private async committed (r: RoundResult): Promise<void> {
    this.serve(r.chunked)
    const spec = taskModelSpec(this.task)
    this.trainer.load(spec, r.model)
    const evaluation = await this.trainer.evaluate(this.test, { signal: this.controller.signal })
    const record: RoundRecord = {
      round: r.round,
      attempts: r.attempts,
      participants: r.participants.length,
      accepted: r.accepted,
      rejected: mergeCounts(r.rejected, this.streamRejected),
      samples: r.samples,
      trainLoss: r.trainLoss,
      accuracy: evaluation.accuracy,
      loss: evaluation.loss,
      evalSamples: evaluation.count,
      bytesUp: r.bytesUp,
      bytesDown: this.bytesDown,
      denseBytesUp: r.accepted * r.model.length * 4,
      modelCid: r.modelCid.toString(),
      baseModelCid: r.baseModelCid.toString(),
      announcedAt: r.announcedAtMs,
      committedAt: r.committedAtMs
    }
    const counters = new Map<string, NodeCounters>()
    for (const peer of r.acceptedFrom) {
      const prev = await this.store.counters(peer) ?? { accepted: 0, rejected: 0, samples: 0, lastRound: 0 }
      counters.set(peer, { ...prev, accepted: prev.accepted + 1, samples: prev.samples + (this.roundSamples.get(peer) ?? 0), lastRound: r.round })
    }
    await this.store.commit(r.round, r.model, record, counters)
    this.history = [...this.history, record].slice(-10_000)
    await this.publish(r.commitFrame)
    log('round %d committed: %d accepted, accuracy %s %%', r.round, r.accepted, (evaluation.accuracy * 100).toFixed(2))
    this.safeDispatchEvent('round', { detail: record })
    this.safeDispatchEvent('contributions', {
      detail: {
        round: r.round,
        accepted: r.acceptedFrom.map(peerId => ({ peerId, samples: this.roundSamples.get(peerId) ?? 0 })),
        rejected: [...this.roundRejected].map(([peerId, count]) => ({ peerId, count }))
      }
    })
  }

  private async onUpdate (stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    const signal = AbortSignal.any([AbortSignal.timeout(UPDATE_TIMEOUT_MS), this.controller.signal])
    const limit = maxUpdateBytes(this.coordinator.dimension, maxValuesPerUpdate(this.task, this.coordinator.dimension))
    const lp = lpStream(stream, { maxDataLength: limit, maxLengthLength: MAX_LENGTH_PREFIX_BYTES })
    let verdict: { status: string, reason?: string, message?: string }
    try {
      const frame = (await lp.read({ signal })).subarray()
      const result = await this.serial(async () => await this.coordinator.submit(frame, { signal }))
      if (result.status === 'accepted') {
        if (result.from !== from) log('update from %s relayed by %s', result.from, from)
        this.submitted.add(result.from)
        this.roundSamples.set(result.from, result.update.samples)
        verdict = { status: 'accepted' }
      } else {
        if (this.coordinator.phase === 'open') this.roundRejected.set(from, (this.roundRejected.get(from) ?? 0) + 1)
        verdict = { status: 'rejected', reason: result.reason, message: result.message.slice(0, 300) }
        log('update from %s rejected: %s %s', from, result.reason, result.message)
      }
    } catch (err) {
      // oversized length prefix, truncated frame, timeout: counted by the coordinator only when it saw the frame
      const reason = /InvalidDataLength/.test((err as Error).name) ? 'MessageTooLargeError' : 'MalformedUpdateError'
      if (this.coordinator.phase === 'open') this.streamRejected[reason] = (this.streamRejected[reason] ?? 0) + 1
      verdict = { status: 'rejected', reason, message: (err as Error).message.slice(0, 300) }
      log('update stream from %s refused: %s', from, (err as Error).message)
    }
    try {
      const reply = new TextEncoder().encode(JSON.stringify(verdict)).subarray(0, MAX_UPDATE_REPLY_BYTES)
      await lp.write(reply, { signal })
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err as Error)
    }
    this.safeDispatchEvent('status', { detail: this.status() })
  }
}

function mergeCounts<T extends Record<string, number>> (a: T, b: Record<string, number>): T {
  const out: Record<string, number> = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v
  return out as T
}
