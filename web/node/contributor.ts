/**
 * The browser's part in a round (DESIGN.md §3 steps 2–4): follow the task's
 * rounds topic, and when an announce selects us, fetch the base model by
 * Merkle-verified chunks (cached in IndexedDB), train it in the worker on our
 * shard, compress and sign the delta (error-feedback residual kept in
 * IndexedDB), and send it to the coordinator — each step within the
 * contributor's limits (pause, charging, metered network, hourly data cap).
 */
import { TypedEventEmitter } from 'main-event'
import { lpStream } from '@libp2p/utils'
import { peerIdFromString } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import { verifyRoundAnnounce, verifyRoundCommit, announceModel } from '#shared/fl/round-announce.ts'
import type { RoundAnnounce, RoundCommit } from '#shared/fl/round-announce.ts'
import { assembleModel, decodeModelChunk, MAX_CHUNK_BYTES } from '#shared/fl/model-chunks.ts'
import { prepareRoundUpdate } from '#shared/fl/client-update.ts'
import type { ClientCompressionState } from '#shared/fl/client-update.ts'
import { roundsTopic, taskModelSpec } from '#shared/fl/task.ts'
import { shardSelection } from '#shared/fl/task-info.ts'
import type { TaskInfo } from '#shared/fl/task-info.ts'
import { weightsCid, weightsFromBytes, weightsToBytes } from '#shared/fl/weights.ts'
import { mayTrain, mayTransfer, restAfter } from '#shared/node/policy.ts'
import type { ContributionSettings, DeviceConditions } from '#shared/node/policy.ts'
import type { HourlyByteMeter } from '#shared/node/byte-meter.ts'
import { PROTOCOL_UPDATE } from '#shared/protocol/ids.ts'
import { MAX_LENGTH_PREFIX_BYTES, MAX_UPDATE_REPLY_BYTES, UPDATE_TIMEOUT_MS } from '#shared/protocol/limits.ts'
import type { BackendPreference } from '../worker/api.ts'
import type { TrainingClient } from '../worker/client.ts'
import { Comlink } from '../worker/client.ts'
import { getDb } from '../storage/db.ts'
import type { BrowserNode } from './node.ts'

export type ContributionPhase = 'off' | 'waiting' | 'downloading' | 'training' | 'uploading' | 'held' | 'error'

export interface ContributionStatus {
  phase: ContributionPhase
  /** what the page says about the phase (why held, what failed) */
  message: string
  /** round we work on (or last worked on) */
  round: number
  /** 0–1 within the current phase */
  progress: number
}

export interface RoundOutcome {
  round: number
  accepted: boolean
  reason?: string
  samples: number
  loss: number
  bytesUp: number
  bytesDown: number
  backend: string
}

export interface ContributorEvents {
  status: CustomEvent<ContributionStatus>
  outcome: CustomEvent<RoundOutcome>
  commit: CustomEvent<{ round: number, modelCid: string }>
}

export interface ContributorInit {
  node: BrowserNode
  privateKey: PrivateKey
  /** the relay coordinating the task (verifies announces and commits) */
  coordinator: string
  meter: HourlyByteMeter
  client: () => TrainingClient
  settings: () => ContributionSettings
  device: () => DeviceConditions
  backend: () => BackendPreference
}

const TASK_TIMEOUT_MS = 10_000
const KEPT_MODELS = 2
const RESIDUAL_KEY = (task: string): string => `fl/${task}/compression`
const MODEL_KEY = (cid: string): string => `fl/model/${cid}`
const MODEL_LIST_KEY = 'fl/models'
/** Chunk frames carry the chunk and its Merkle proof: at most this much over the chunk size. */
const MAX_CHUNK_FRAME_OVERHEAD = 8 * 1024

export class Contributor extends TypedEventEmitter<ContributorEvents> {
  info?: TaskInfo
  private readonly init: ContributorInit
  private status: ContributionStatus = { phase: 'off', message: '', round: 0, progress: 0 }
  private current?: { round: number, controller: AbortController }
  private restUntil = 0
  private readonly onMessage: (evt: CustomEvent<{ topic: string, data: Uint8Array }>) => void

  constructor (init: ContributorInit) {
    super()
    this.init = init
    this.onMessage = (evt) => {
      if (this.info != null && evt.detail.topic === roundsTopic(this.info.task.id)) void this.onFrame(evt.detail.data)
    }
  }

  get contributing (): boolean { return this.status.phase !== 'off' }

  private get pubsub (): { subscribe(t: string): void, unsubscribe(t: string): void, addEventListener(e: 'message', l: (evt: CustomEvent<{ topic: string, data: Uint8Array }>) => void): void, removeEventListener(e: 'message', l: (evt: CustomEvent<{ topic: string, data: Uint8Array }>) => void): void } {
    return this.init.node.services.pubsub as never
  }

  /** Joins the task: subscribing to its rounds topic is what makes us a candidate. */
  async start (options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.contributing) return
    const res = await fetch('/api/task', { signal: AbortSignal.any([AbortSignal.timeout(TASK_TIMEOUT_MS), ...(options.signal != null ? [options.signal] : [])]), cache: 'no-store' })
    if (!res.ok) throw new Error(`the relay has no task to contribute to (${res.status})`)
    this.info = await res.json() as TaskInfo
    this.pubsub.addEventListener('message', this.onMessage)
    this.pubsub.subscribe(roundsTopic(this.info.task.id))
    this.set({ phase: 'waiting', message: 'Waiting to be selected for a round…', progress: 0 })
  }

  stop (): void {
    if (this.info != null) this.pubsub.unsubscribe(roundsTopic(this.info.task.id))
    this.pubsub.removeEventListener('message', this.onMessage)
    this.current?.controller.abort()
    this.set({ phase: 'off', message: '', progress: 0 })
  }

  private set (patch: Partial<ContributionStatus>): void {
    this.status = { ...this.status, ...patch }
    this.safeDispatchEvent('status', { detail: this.status })
  }

  private async onFrame (frame: Uint8Array): Promise<void> {
    const coordinator = this.init.coordinator
    let announce: RoundAnnounce | undefined
    try {
      announce = await verifyRoundAnnounce(frame, { coordinator })
    } catch {
      try {
        const commit: RoundCommit = await verifyRoundCommit(frame, { coordinator })
        this.safeDispatchEvent('commit', { detail: { round: Number(commit.round), modelCid: commit.modelCid != null ? CID.decode(commit.modelCid).toString() : '' } })
      } catch {
        // neither: not from our coordinator, or forged; ignore
      }
      return
    }
    if (!announce.participants.includes(this.init.node.peerId.toString())) return
    const round = Number(announce.round)
    if (this.current?.round === round) return
    this.current?.controller.abort()
    const controller = new AbortController()
    this.current = { round, controller }
    try {
      await this.run(announce, controller.signal)
    } catch (err) {
      if (controller.signal.aborted) return
      this.set({ phase: 'error', message: `Round ${round} failed: ${(err as Error).message}`, progress: 0 })
    } finally {
      if (this.current?.controller === controller) this.current = undefined
    }
  }

  private hold (message: string): void {
    this.set({ phase: 'held', message, progress: 0 })
  }

  private async run (a: RoundAnnounce, signal: AbortSignal): Promise<void> {
    const info = this.info!
    const round = Number(a.round)
    const me = this.init.node.peerId.toString()
    const settings = this.init.settings()
    const device = this.init.device()
    if (Date.now() < this.restUntil) { this.hold(`Resting until ${new Date(this.restUntil).toLocaleTimeString()} (Settings: largest share of time training).`); return }
    const trainable = mayTrain(settings, device)
    if (!trainable.ok) { this.hold(trainable.message); return }

    // 2. fetch the base model (IndexedDB first, then the relay, chunk by verified chunk)
    this.set({ phase: 'downloading', round, message: `Round ${round}: fetching the model…`, progress: 0 })
    const descriptor = announceModel(a)
    const cid = descriptor.modelCid.toString()
    let bytesDown = 0
    let base = await this.cachedModel(cid, a.dimension)
    if (base == null) {
      const need = a.dimension * 4
      const allowed = mayTransfer(settings, device, this.init.meter, need, Date.now())
      if (!allowed.ok) { this.hold(`Round ${round}: not downloading the model. ${allowed.message}`); return }
      const chunks: Uint8Array[] = []
      for (let i = 0; i < a.chunkCount; i++) {
        const res = await fetch(`/api/model/${cid}/chunk/${i}`, { signal })
        const length = Number(res.headers.get('content-length') ?? NaN)
        if (!res.ok || !(length <= MAX_CHUNK_BYTES + MAX_CHUNK_FRAME_OVERHEAD)) throw new Error(`model chunk ${i}: HTTP ${res.status}, ${length} bytes`)
        const frame = new Uint8Array(await res.arrayBuffer())
        bytesDown += frame.byteLength
        const chunk = await decodeModelChunk(descriptor, frame)
        if (chunk.index !== i) throw new Error(`asked for chunk ${i}, got ${chunk.index}`)
        chunks.push(chunk.bytes)
        this.set({ progress: (i + 1) / a.chunkCount })
      }
      this.init.meter.record('received', bytesDown, Date.now())
      base = await assembleModel(descriptor, chunks)
      await this.cacheModel(cid, base)
    }

    // 3. train on our shard in the worker
    const config = a.config!
    const spec = taskModelSpec(info.task)
    this.set({ phase: 'training', message: `Round ${round}: training ${config.epochs} epoch(s)…`, progress: 0 })
    const client = this.init.client()
    const loaded = await client.load(spec, base.slice(), { backend: this.init.backend() })
    const shard = await shardSelection(info, me)
    const started = performance.now()
    const trained = await client.train({ epochs: config.epochs, batchSize: config.batchSize, lr: config.lr, seed: round, shard },
      Comlink.proxy((p: { samples: number, totalSamples: number }) => { this.set({ progress: p.totalSamples > 0 ? p.samples / p.totalSamples : 0 }) }),
      { signal })
    this.restUntil = Date.now() + restAfter(settings, performance.now() - started)

    // 4. protect: clip, top-k with error feedback, fp16, sign
    const db = await getDb()
    const state = await db.get('kv', RESIDUAL_KEY(a.taskId)) as ClientCompressionState | undefined
    const prepared = await prepareRoundUpdate(trained.delta, state, { announce: a, privateKey: this.init.privateKey, from: me, samples: trained.samples, loss: trained.loss }, { signal })
    await db.put('kv', prepared.state, RESIDUAL_KEY(a.taskId))

    const upload = mayTransfer(this.init.settings(), this.init.device(), this.init.meter, prepared.frame.byteLength, Date.now())
    if (!upload.ok) { this.hold(`Round ${round}: trained but not uploading. ${upload.message}`); return }

    // 5. send to the coordinator over libp2p
    this.set({ phase: 'uploading', message: `Round ${round}: sending ${(prepared.frame.byteLength / 1e3).toFixed(1)} kB…`, progress: 0 })
    const verdict = await this.send(a.coordinator, prepared.frame, signal)
    this.init.meter.record('sent', prepared.frame.byteLength, Date.now())
    this.safeDispatchEvent('outcome', {
      detail: { round, accepted: verdict.status === 'accepted', reason: verdict.reason, samples: trained.samples, loss: trained.loss, bytesUp: prepared.frame.byteLength, bytesDown, backend: loaded.backend }
    })
    this.set({
      phase: 'waiting',
      progress: 0,
      message: verdict.status === 'accepted'
        ? `Round ${round}: update accepted (${(prepared.frame.byteLength / 1e3).toFixed(1)} kB, ${trained.samples} samples on ${loaded.backend}). Waiting for the next round…`
        : `Round ${round}: update refused (${verdict.reason ?? 'unknown'}). Waiting for the next round…`
    })
  }

  private async send (coordinator: string, frame: Uint8Array, signal: AbortSignal): Promise<{ status: string, reason?: string }> {
    const s = AbortSignal.any([signal, AbortSignal.timeout(UPDATE_TIMEOUT_MS)])
    const stream = await this.init.node.dialProtocol(peerIdFromString(coordinator), PROTOCOL_UPDATE, { signal: s })
    const lp = lpStream(stream, { maxDataLength: MAX_UPDATE_REPLY_BYTES, maxLengthLength: MAX_LENGTH_PREFIX_BYTES })
    await lp.write(frame, { signal: s })
    const reply = await lp.read({ signal: s })
    await stream.close({ signal: s }).catch(() => {})
    return JSON.parse(new TextDecoder().decode(reply.subarray())) as { status: string, reason?: string }
  }

  private async cachedModel (cid: string, dimension: number): Promise<Float32Array | undefined> {
    const bytes = await (await getDb()).get('kv', MODEL_KEY(cid)) as Uint8Array | undefined
    if (!(bytes instanceof Uint8Array) || bytes.byteLength !== dimension * 4) return undefined
    const w = weightsFromBytes(bytes)
    // the key is a content id: check it still names these bytes
    return (await weightsCid(w)).toString() === cid ? w : undefined
  }

  private async cacheModel (cid: string, weights: Float32Array): Promise<void> {
    const db = await getDb()
    const list = (await db.get('kv', MODEL_LIST_KEY) as string[] | undefined) ?? []
    const next = [...list.filter(c => c !== cid), cid]
    for (const old of next.splice(0, Math.max(0, next.length - KEPT_MODELS))) await db.delete('kv', MODEL_KEY(old))
    await db.put('kv', weightsToBytes(weights).slice(), MODEL_KEY(cid))
    await db.put('kv', next, MODEL_LIST_KEY)
  }
}
