/**
 * bench/fedavg — the FedAvg paper's setting through the real round protocol (bench/sim.ts):
 * dense float32 updates vs top-1 % + error feedback + fp16, same seed, same clients, same
 * schedule. Prints rounds to the target accuracy and upload bytes per round; writes one CSV
 * per run. Anchor: McMahan et al. 2017, MNIST 2NN / CNN, C = 0.1, K = 100, B = 10, IID.
 * Goal (issue 5): the compressed run needs ≤ 1.2× the dense rounds with ≤ 1/50 of the bytes.
 *
 *   npm run bench:fedavg -- --model 2nn --epochs 5 --rounds 100 --target 0.97
 *   npm run bench:fedavg -- --rounds 5 --epochs 1 --test 2000      (smoke check)
 */
import { parseArgs } from 'node:util'
import { simulate } from './sim.ts'
import type { SimulateInit, SimulateResult } from './sim.ts'

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: '2nn' },
    clients: { type: 'string', default: '100' },
    fraction: { type: 'string', default: '0.1' },
    epochs: { type: 'string', default: '5' },
    batch: { type: 'string', default: '10' },
    'non-iid': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '100' },
    target: { type: 'string', default: '0.97' },
    lr: { type: 'string', default: '0.1' },
    topk: { type: 'string', default: '0.01' },
    clip: { type: 'string', default: '1000' },
    test: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'with-no-ef': { type: 'boolean', default: false },
    out: { type: 'string', default: 'fedavg' }
  }
})
if (values.model !== 'cnn' && values.model !== '2nn') throw new Error('--model must be cnn or 2nn')

const common: Omit<SimulateInit, 'encoding' | 'errorFeedback' | 'out'> = {
  clients: Number(values.clients),
  fraction: Number(values.fraction),
  epochs: Number(values.epochs),
  batch: Number(values.batch),
  partition: values['non-iid'] ? 'non-iid' : 'iid',
  model: values.model,
  topK: Number(values.topk),
  rounds: Number(values.rounds),
  target: Number(values.target),
  lr: Number(values.lr),
  clipNorm: Number(values.clip),
  serverLr: 1,
  seed: Number(values.seed),
  testCount: Number(values.test),
  log: line => { console.log(line) }
}

const runs: Array<{ name: string, init: SimulateInit }> = [
  { name: 'dense fp32', init: { ...common, encoding: 'dense-fp32', errorFeedback: false, out: `${values.out}-dense.csv` } },
  { name: `top-${Number(values.topk) * 100} % + EF + fp16`, init: { ...common, encoding: 'sparse-fp16', errorFeedback: true, out: `${values.out}-topk-ef.csv` } }
]
if (values['with-no-ef']) runs.push({ name: `top-${Number(values.topk) * 100} % fp16, no EF`, init: { ...common, encoding: 'sparse-fp16', errorFeedback: false, out: `${values.out}-topk-noef.csv` } })

const results: Array<{ name: string, r: SimulateResult }> = []
for (const run of runs) {
  console.log(`\n== ${run.name}`)
  results.push({ name: run.name, r: await simulate(run.init) })
}

const target = `${(Number(values.target) * 100).toFixed(1)} %`
console.log(`\n${values.model} ${common.partition} K=${common.clients} C=${common.fraction} E=${common.epochs} B=${common.batch} lr=${common.lr}, accuracy on ${common.testCount} test digits`)
console.log(`${'run'.padEnd(28)} ${`rounds to ${target}`.padStart(16)} ${'final acc'.padStart(10)} ${'upload/round'.padStart(14)} ${'vs dense'.padStart(9)} ${'minutes'.padStart(8)}`)
const denseUp = results[0].r.rows.reduce((a, x) => a + x.uploadBytes, 0) / Math.max(1, results[0].r.rows.length)
for (const { name, r } of results) {
  const up = r.rows.reduce((a, x) => a + x.uploadBytes, 0) / Math.max(1, r.rows.length)
  const rounds = r.roundsToTarget == null ? `> ${r.rows.length}` : String(r.roundsToTarget)
  console.log(`${name.padEnd(28)} ${rounds.padStart(16)} ${((r.rows.at(-1)?.accuracy ?? 0) * 100).toFixed(2).padStart(9)}% ${`${(up / 1e6).toFixed(3)} MB`.padStart(14)} ${`1/${(denseUp / up).toFixed(0)}`.padStart(9)} ${(r.seconds / 60).toFixed(1).padStart(8)}`)
}
const [d, c] = results
if (d.r.roundsToTarget != null && c.r.roundsToTarget != null) {
  console.log(`\ncompressed / dense rounds: ${(c.r.roundsToTarget / d.r.roundsToTarget).toFixed(2)}× (goal ≤ 1.2×)`)
}
