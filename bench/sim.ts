/**
 * The federated simulator's engine: K virtual clients in one Node process, running the same
 * shared/ code as browsers and the relay — the real RoundCoordinator (selection, signed
 * announce, validation, FedAvg, chunked commit) with an injected clock, real Ed25519 keys per
 * client, `prepareUpdate` (clip, top-k + error feedback, fp16, signature) and the tfjs-wasm
 * Trainer on real MNIST partitions. Used by bench/simulate.ts (CLI) and bench/fedavg.ts.
 */
import { writeFileSync } from 'node:fs'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import { loadSamples } from '../shared/fl/dataset.ts'
import type { Samples } from '../shared/fl/dataset.ts'
import { MNIST_2NN, MNIST_CNN } from '../shared/fl/paper-models.ts'
import { RoundCoordinator } from '../shared/fl/round.ts'
import type { RoundAnnounce } from '../shared/fl/round-announce.ts'
import { clientCompression, createTask } from '../shared/fl/task.ts'
import type { UpdateEncodingName } from '../shared/fl/compression.ts'
import { prepareUpdate } from '../shared/fl/update-codec.ts'
import { initWeights } from '../shared/fl/weights.ts'
import { mnistSource } from '../relay/fl/mnist.ts'
import { createNodeTrainer, useNodeBackend } from '../relay/fl/node-tf.ts'

export interface SimulateInit {
  clients: number
  fraction: number
  epochs: number
  batch: number
  partition: 'iid' | 'non-iid'
  model: 'cnn' | '2nn'
  /** 'sparse-fp16' uses `topK`; the dense encodings send every value */
  encoding: UpdateEncodingName
  topK: number
  errorFeedback: boolean
  rounds: number
  /** stop once test accuracy reaches this */
  target: number
  lr: number
  clipNorm: number
  serverLr: number
  seed: number
  /** test samples evaluated after each round (the first N of the 10k) */
  testCount: number
  /** use only the first N samples of each client's shard (speed); undefined: all */
  clientLimit?: number
  out?: string
  log?: (line: string) => void
}

export interface SimulateRow {
  round: number
  accuracy: number
  loss: number
  trainLoss: number
  participants: number
  /** bytes of the update frames sent this round */
  uploadBytes: number
  /** what the same updates take as dense float32 */
  denseBytes: number
  meanDeltaNorm: number
  seconds: number
}

export interface SimulateResult {
  rows: SimulateRow[]
  /** first round whose accuracy ≥ target, or null */
  roundsToTarget: number | null
  seconds: number
}

export async function simulate (init: SimulateInit): Promise<SimulateResult> {
  const log = init.log ?? (() => {})
  const started = performance.now()
  const spec = init.model === 'cnn' ? MNIST_CNN : MNIST_2NN
  await useNodeBackend('wasm')
  const source = await mnistSource()
  const test = await loadSamples(source, { split: 'test', kind: 'range', start: 0, count: init.testCount })
  const shards: Samples[] = []
  for (let k = 0; k < init.clients; k++) {
    shards.push(await loadSamples(source, { split: 'train', kind: init.partition, clients: init.clients, client: k, seed: init.seed, limit: init.clientLimit }))
  }
  const keys = await Promise.all(Array.from({ length: init.clients }, async () => await generateKeyPair('Ed25519')))
  const ids = keys.map(k => peerIdFromPrivateKey(k).toString())
  const byId = new Map<string, { key: PrivateKey, k: number }>(ids.map((id, k) => [id, { key: keys[k], k }]))
  const coordinatorKey = await generateKeyPair('Ed25519')
  const dense = init.encoding !== 'sparse-fp16'
  const task = createTask({
    id: 'sim',
    modelSpecId: spec.id,
    partition: init.partition,
    epochs: init.epochs,
    batchSize: init.batch,
    lr: init.lr,
    fraction: init.fraction,
    minParticipants: 1,
    roundDurationMs: 60_000,
    serverLr: init.serverLr,
    maxSamples: 60_000,
    compression: dense
      ? { encoding: init.encoding, topKFraction: 1, minTopKFraction: 1, maxTopKFraction: 1, clipNorm: init.clipNorm }
      : { encoding: 'sparse-fp16', topKFraction: init.topK, minTopKFraction: init.topK, maxTopKFraction: init.topK, clipNorm: init.clipNorm }
  })
  let now = 0
  const coordinator = await RoundCoordinator.create({
    task, privateKey: coordinatorKey, coordinator: peerIdFromPrivateKey(coordinatorKey).toString(), model: initWeights(spec), clock: { now: () => now }
  })
  const trainer = createNodeTrainer()
  const residuals = new Map<number, Float32Array>()
  const rows: SimulateRow[] = []
  let roundsToTarget: number | null = null
  log(`simulate: ${init.model} ${init.partition} K=${init.clients} C=${init.fraction} E=${init.epochs} B=${init.batch} lr=${init.lr} ${init.encoding}${dense ? '' : ` top ${init.topK * 100} %${init.errorFeedback ? ' + error feedback' : ''}`} clip=${init.clipNorm}, test on ${init.testCount}`)

  for (let r = 1; r <= init.rounds; r++) {
    const t0 = performance.now()
    const { announce } = await coordinator.announce(ids)
    const a: RoundAnnounce = announce
    const config = a.config as NonNullable<RoundAnnounce['config']>
    const baseModelCid = CID.decode(a.baseModelCid)
    let uploadBytes = 0
    let normSum = 0
    for (const id of a.participants) {
      const { key, k } = byId.get(id) as { key: PrivateKey, k: number }
      trainer.load(spec, coordinator.model)
      const result = await trainer.train(shards[k], { epochs: init.epochs, batchSize: init.batch, lr: init.lr, seed: init.seed * 100_003 + r * 1009 + k })
      const prepared = await prepareUpdate(result.delta, init.errorFeedback ? residuals.get(k) : undefined, {
        ...clientCompression(config),
        errorFeedback: init.errorFeedback,
        privateKey: key, from: id, taskId: a.taskId, round: Number(a.round), baseModelCid,
        samples: shards[k].count, loss: result.loss
      })
      if (init.errorFeedback && !dense) residuals.set(k, prepared.residual)
      uploadBytes += prepared.stats.bytes
      normSum += prepared.stats.deltaNorm
      const submitted = await coordinator.submit(prepared.frame)
      if (submitted.status !== 'accepted') throw new Error(`update from client ${k} refused: ${submitted.reason} ${submitted.message}`)
    }
    now += 1000
    const committed = await coordinator.commit()
    trainer.load(spec, committed.model)
    const ev = await trainer.evaluate(test)
    const row: SimulateRow = {
      round: r,
      accuracy: ev.accuracy,
      loss: ev.loss,
      trainLoss: committed.trainLoss,
      participants: committed.accepted,
      uploadBytes,
      denseBytes: committed.accepted * committed.model.length * 4,
      meanDeltaNorm: normSum / committed.accepted,
      seconds: (performance.now() - t0) / 1000
    }
    rows.push(row)
    log(`round ${r}: accuracy ${(ev.accuracy * 100).toFixed(2)} %, loss ${ev.loss.toFixed(4)}, upload ${(uploadBytes / 1e6).toFixed(3)} MB (dense ${(row.denseBytes / 1e6).toFixed(1)} MB), |Δ| ${row.meanDeltaNorm.toFixed(3)}, ${row.seconds.toFixed(1)} s`)
    if (init.out != null) writeCsv(init.out, rows)
    if (roundsToTarget == null && ev.accuracy >= init.target) {
      roundsToTarget = r
      break
    }
  }
  trainer.dispose()
  return { rows, roundsToTarget, seconds: (performance.now() - started) / 1000 }
}

export function writeCsv (path: string, rows: SimulateRow[]): void {
  const header = 'round,accuracy,loss,train_loss,participants,upload_bytes,dense_bytes,mean_delta_norm,seconds'
  const lines = rows.map(r => [r.round, r.accuracy.toFixed(5), r.loss.toFixed(5), r.trainLoss.toFixed(5), r.participants, r.uploadBytes, r.denseBytes, r.meanDeltaNorm.toFixed(5), r.seconds.toFixed(2)].join(','))
  writeFileSync(path, [header, ...lines].join('\n') + '\n')
}
