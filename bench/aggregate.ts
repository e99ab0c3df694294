/**
 * bench/aggregate — the relay's aggregation throughput for the FedAvg CNN (1,663,370
 * parameters): FedAvgAccumulator (shared/fl/aggregate.ts) on dense fp32, dense fp16 and
 * top-1 % sparse fp16 updates, each beside a plain Float32Array add loop over the same
 * values as the ceiling; then the whole relay path per update (size check, decode, replay
 * and shape checks, Ed25519 verify, NaN and norm checks, accumulate) for top-1 % frames.
 * Single-threaded; GB/s counts decoded float32 bytes (4 per value added).
 *
 *   npm run bench:aggregate
 *   npm run bench:aggregate -- --updates 100 --runs 5
 */
import { parseArgs } from 'node:util'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { FedAvgAccumulator } from '../shared/fl/aggregate.ts'
import type { CompressedUpdate } from '../shared/fl/compression.ts'
import { compressDelta } from '../shared/fl/compression.ts'
import { decodeFloat16, encodeFloat16 } from '../shared/fl/fp16.ts'
import { modelCid } from '../shared/fl/model-chunks.ts'
import { MNIST_CNN } from '../shared/fl/paper-models.ts'
import { parameterCount } from '../shared/fl/model-spec.ts'
import { testRandom } from '../shared/fl/test-random.ts'
import { decodeUpdatePayload, encodeUpdatePayload, prepareUpdate } from '../shared/fl/update-codec.ts'
import { UpdateValidator } from '../shared/fl/validate.ts'

const { values } = parseArgs({ options: { updates: { type: 'string', default: '100' }, runs: { type: 'string', default: '5' }, distinct: { type: 'string', default: '8' } } })
const UPDATES = Number(values.updates)
const RUNS = Number(values.runs)
const DISTINCT = Number(values.distinct)
const DIM = parameterCount(MNIST_CNN)

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

function time (fn: () => void): number {
  fn() // warm-up
  const ms: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now()
    fn()
    ms.push(performance.now() - t0)
  }
  return median(ms)
}

async function timeAsync (fn: () => Promise<void>): Promise<number> {
  await fn()
  const ms: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now()
    await fn()
    ms.push(performance.now() - t0)
  }
  return median(ms)
}

interface Row { name: string, ms: number, updates: number, values: number, ceilingMs?: number }
const rows: Row[] = []

function delta (seed: number): Float32Array {
  const r = testRandom(seed)
  return Float32Array.from({ length: DIM }, () => (r() * 2 - 1) * 0.01)
}

console.log(`bench/aggregate: CNN ${DIM.toLocaleString('en')} params, ${UPDATES} updates per run (${DISTINCT} distinct, cycled), median of ${RUNS} runs, node ${process.version}\n`)

const deltas = Array.from({ length: DISTINCT }, (_, i) => delta(i + 1))

// dense fp32 — ceiling: acc[i] += v[i]
{
  const updates: CompressedUpdate[] = deltas.map(d => ({ encoding: 'dense-fp32', dimension: DIM, indices: null, fp16: null, fp32: d }))
  const acc = new Float32Array(DIM)
  const ceiling = time(() => {
    for (let u = 0; u < UPDATES; u++) {
      const v = deltas[u % DISTINCT]
      for (let i = 0; i < DIM; i++) acc[i] += v[i]
    }
  })
  const fedavg = time(() => {
    const a = new FedAvgAccumulator(DIM)
    for (let u = 0; u < UPDATES; u++) a.add(updates[u % DISTINCT], 600)
  })
  rows.push({ name: 'dense fp32', ms: fedavg, updates: UPDATES, values: UPDATES * DIM, ceilingMs: ceiling })
}

// dense fp16 — ceiling: the same loop over the values already decoded to fp32
{
  const bits = deltas.map(d => encodeFloat16(d))
  const decoded = bits.map(b => decodeFloat16(b))
  const updates: CompressedUpdate[] = bits.map(b => ({ encoding: 'dense-fp16', dimension: DIM, indices: null, fp16: b, fp32: null }))
  const acc = new Float32Array(DIM)
  const ceiling = time(() => {
    for (let u = 0; u < UPDATES; u++) {
      const v = decoded[u % DISTINCT]
      for (let i = 0; i < DIM; i++) acc[i] += v[i]
    }
  })
  const fedavg = time(() => {
    const a = new FedAvgAccumulator(DIM)
    for (let u = 0; u < UPDATES; u++) a.add(updates[u % DISTINCT], 600)
  })
  rows.push({ name: 'dense fp16', ms: fedavg, updates: UPDATES, values: UPDATES * DIM, ceilingMs: ceiling })
}

// top-1 % sparse fp16 — ceiling: acc[idx[i]] += v[i] over decoded indices and fp32 values
const sparse = deltas.map(d => compressDelta(d, undefined, { fraction: 0.01, clipNorm: 1e6 }).update)
const K = sparse[0].indices?.length ?? 0
{
  const decoded = sparse.map(s => decodeFloat16(s.fp16 as Uint16Array))
  const acc = new Float32Array(DIM)
  const n = UPDATES * 20
  const ceiling = time(() => {
    for (let u = 0; u < n; u++) {
      const idx = sparse[u % DISTINCT].indices as Uint32Array
      const v = decoded[u % DISTINCT]
      for (let i = 0; i < idx.length; i++) acc[idx[i]] += v[i]
    }
  })
  const fedavg = time(() => {
    const a = new FedAvgAccumulator(DIM)
    for (let u = 0; u < n; u++) a.add(sparse[u % DISTINCT], 600)
  })
  rows.push({ name: `top-1 % fp16 (k=${K})`, ms: fedavg, updates: n, values: n * K, ceilingMs: ceiling })

  // decode (varint indices + fp16 values, every check) and accumulate, no signature
  const payloads = sparse.map(s => encodeUpdatePayload(s, { samples: 600 }))
  const decodeAdd = time(() => {
    const a = new FedAvgAccumulator(DIM)
    for (let u = 0; u < n; u++) a.add(decodeUpdatePayload(payloads[u % DISTINCT], { dimension: DIM, maxK: Math.ceil(DIM * 0.3) }))
  })
  rows.push({ name: 'top-1 % payload decode + add', ms: decodeAdd, updates: n, values: n * K })
}

// the whole relay path: UpdateValidator (Ed25519 verify, sha2-256, decode, checks) + add
{
  const base = await modelCid(new Float32Array(16))
  const signers = await Promise.all(Array.from({ length: UPDATES }, async () => {
    const privateKey = await generateKeyPair('Ed25519')
    return { privateKey, id: peerIdFromPrivateKey(privateKey).toString() }
  }))
  const frames = await Promise.all(signers.map(async (s, u) => (await prepareUpdate(deltas[u % DISTINCT], undefined, {
    privateKey: s.privateKey, from: s.id, taskId: 'bench', round: 1, baseModelCid: base, samples: 600, fraction: 0.01, clipNorm: 1e6
  })).frame))
  const ms = await timeAsync(async () => {
    const v = new UpdateValidator({ taskId: 'bench', round: 1, baseModelCid: base, dimension: DIM, maxK: Math.ceil(DIM * 0.3), clipNorm: 1e6 })
    const a = new FedAvgAccumulator(DIM)
    for (const f of frames) a.add(await v.validate(f))
  })
  rows.push({ name: 'top-1 % signed frame, validate + add', ms, updates: UPDATES, values: UPDATES * K })
  console.log(`top-1 % frame: ${frames[0].length.toLocaleString('en')} bytes vs ${(DIM * 4).toLocaleString('en')} dense fp32 (${(DIM * 4 / frames[0].length).toFixed(1)}× smaller)\n`)
}

const pad = (s: string, n: number): string => s.padEnd(n)
const num = (x: number, d = 2): string => x.toFixed(d).padStart(9)
console.log(`${pad('path', 40)} ${'updates/s'.padStart(11)} ${'GB/s'.padStart(9)} ${'ceiling'.padStart(9)} ${'ratio'.padStart(9)}`)
for (const r of rows) {
  const gbs = r.values * 4 / (r.ms / 1000) / 1e9
  const ceil = r.ceilingMs == null ? undefined : r.values * 4 / (r.ceilingMs / 1000) / 1e9
  console.log(`${pad(r.name, 40)} ${Math.round(r.updates / (r.ms / 1000)).toLocaleString('en').padStart(11)} ${num(gbs)} ${ceil == null ? '        –' : num(ceil)} ${ceil == null ? '        –' : num(gbs / ceil)}`)
}
console.log('\nGB/s: float32 bytes of decoded values added per second; ceiling: plain Float32Array add loop over the same values (already decoded); ratio = accumulator / ceiling.')
