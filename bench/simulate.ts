/**
 * npm run simulate — K virtual clients train one model through the real round protocol
 * (bench/sim.ts), writing a CSV (round, accuracy, loss, upload bytes) and printing the rounds
 * to reach the target accuracy. CPU-heavy: on 2 cores, the paper setting (K=100, C=0.1, E=5,
 * B=10) costs ~1 min per 2NN round.
 *
 *   npm run simulate -- --clients 100 --fraction 0.1 --epochs 5 --batch 10 --iid --model 2nn \
 *     --compression 0.01 --rounds 50 --target 0.97 --out sim.csv
 *
 * --compression F: top-F sparse fp16 with error feedback (0 < F < 1); 1 or 'dense': dense
 * fp32; 'fp16': dense fp16. --no-ef turns error feedback off.
 */
import { parseArgs } from 'node:util'
import { simulate } from './sim.ts'
import type { UpdateEncodingName } from '../shared/fl/compression.ts'

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    fraction: { type: 'string', default: '0.1' },
    epochs: { type: 'string', default: '5' },
    batch: { type: 'string', default: '10' },
    iid: { type: 'boolean', default: false },
    'non-iid': { type: 'boolean', default: false },
    model: { type: 'string', default: '2nn' },
    compression: { type: 'string', default: '0.01' },
    'no-ef': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '20' },
    target: { type: 'string', default: '0.97' },
    lr: { type: 'string', default: '0.1' },
    clip: { type: 'string', default: '1000' },
    'server-lr': { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    test: { type: 'string', default: '10000' },
    'client-limit': { type: 'string' },
    out: { type: 'string' }
  }
})

if (values.iid && values['non-iid']) throw new Error('--iid and --non-iid exclude each other')
if (values.model !== 'cnn' && values.model !== '2nn') throw new Error('--model must be cnn or 2nn')
const c = values.compression
let encoding: UpdateEncodingName = 'sparse-fp16'
let topK = 1
if (c === 'dense' || Number(c) === 1) encoding = 'dense-fp32'
else if (c === 'fp16') encoding = 'dense-fp16'
else {
  topK = Number(c)
  if (!(topK > 0 && topK < 1)) throw new Error('--compression must be a fraction in (0, 1), 1/dense or fp16')
}

const result = await simulate({
  clients: Number(values.clients),
  fraction: Number(values.fraction),
  epochs: Number(values.epochs),
  batch: Number(values.batch),
  partition: values['non-iid'] ? 'non-iid' : 'iid',
  model: values.model,
  encoding,
  topK,
  errorFeedback: !values['no-ef'],
  rounds: Number(values.rounds),
  target: Number(values.target),
  lr: Number(values.lr),
  clipNorm: Number(values.clip),
  serverLr: Number(values['server-lr']),
  seed: Number(values.seed),
  testCount: Number(values.test),
  clientLimit: values['client-limit'] == null ? undefined : Number(values['client-limit']),
  out: values.out,
  log: line => { console.log(line) }
})

const last = result.rows.at(-1)
const up = result.rows.reduce((a, r) => a + r.uploadBytes, 0) / Math.max(1, result.rows.length)
const dense = result.rows.reduce((a, r) => a + r.denseBytes, 0) / Math.max(1, result.rows.length)
console.log(`\nrounds to ${(Number(values.target) * 100).toFixed(1)} %: ${result.roundsToTarget ?? `not reached in ${result.rows.length} (last ${((last?.accuracy ?? 0) * 100).toFixed(2)} %)`}`)
console.log(`upload per round: ${(up / 1e6).toFixed(3)} MB (dense fp32 ${(dense / 1e6).toFixed(2)} MB, ${(dense / up).toFixed(1)}× less); ${result.seconds.toFixed(0)} s in all`)
if (values.out != null) console.log(`CSV: ${values.out}`)
