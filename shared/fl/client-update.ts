/**
 * The participant's side of a round in one call: from a verified `RoundAnnounce`, the trained
 * delta and the node's compression state (error-feedback residual + adapted top-k share),
 * produce the signed update frame and the state to keep for the next round. The browser
 * persists `ClientCompressionState` (IndexedDB) so the residual survives a closed tab.
 */
import type { PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import type { RoundAnnounce } from '../protocol/fl.ts'
import { adaptTopKFraction } from './compression.ts'
import { clientCompression } from './task.ts'
import { prepareUpdate } from './update-codec.ts'
import type { PreparedUpdate } from './update-codec.ts'
import { InvalidAnnounceError, WrongShapeError } from './update-errors.ts'

export interface ClientCompressionState {
  /** task the residual belongs to; a residual never crosses tasks */
  taskId: string
  /** error-feedback residual (length = model dimension) */
  residual?: Float32Array
  /** top-k share used last round (adapted within the announced range) */
  fraction?: number
}

export interface RoundUpdateInit {
  announce: RoundAnnounce
  privateKey: PrivateKey
  /** our peer id */
  from: string
  /** samples in our shard (the FedAvg weight) */
  samples: number
  /** mean training loss of the last epoch */
  loss?: number
  /** adapt the top-k share between rounds @default true */
  adaptive?: boolean
}

export interface RoundUpdate extends PreparedUpdate {
  /** persist this and pass it to the next round */
  state: ClientCompressionState
}

export async function prepareRoundUpdate (delta: Float32Array, state: ClientCompressionState | undefined, init: RoundUpdateInit, options: { signal?: AbortSignal } = {}): Promise<RoundUpdate> {
  const a = init.announce
  if (a.config == null) throw new InvalidAnnounceError('announce lacks its config')
  if (delta.length !== a.dimension) throw new WrongShapeError(`delta has ${delta.length} values, the round's model ${a.dimension}`)
  const mine = state?.taskId === a.taskId ? state : undefined
  const residual = mine?.residual?.length === a.dimension ? mine.residual : undefined
  const compress = clientCompression(a.config, mine?.fraction ?? a.config.topKFraction)
  const prepared = await prepareUpdate(delta, residual, {
    ...compress,
    privateKey: init.privateKey,
    from: init.from,
    taskId: a.taskId,
    round: Number(a.round),
    baseModelCid: CID.decode(a.baseModelCid),
    samples: init.samples,
    loss: init.loss
  }, options)
  let fraction = compress.fraction
  if (fraction != null && (init.adaptive ?? true)) {
    fraction = adaptTopKFraction({ current: fraction, min: a.config.minTopKFraction, max: a.config.maxTopKFraction, stats: prepared.stats })
  }
  return { ...prepared, state: { taskId: a.taskId, residual: compress.encoding === 'sparse-fp16' ? prepared.residual : undefined, fraction } }
}
