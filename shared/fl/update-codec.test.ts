import { describe, it, expect } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { Update, UpdateEncoding, UpdatePayload } from '../protocol/fl.ts'
import { compressDelta } from './compression.ts'
import { decodeUpdateFrame, decodeUpdatePayload, encodeUpdatePayload, maxUpdateBytes, prepareUpdate, signUpdate, updateToDense, verifyUpdateSignature } from './update-codec.ts'
import { testRandom } from './test-random.ts'

const DIM = 10_000
const LIMITS = { dimension: DIM, maxK: 3000, maxSamples: 1000 }

async function identity () {
  const privateKey = await generateKeyPair('Ed25519')
  return { privateKey, id: peerIdFromPrivateKey(privateKey).toString() }
}

async function cidOf (s: string): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(s)))
}

function delta (n = DIM, seed = 1): Float32Array {
  const r = testRandom(seed)
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * 0.01)
}

function errorName (f: () => unknown): string {
  try { f() } catch (err) { return (err as Error).name }
  return 'returned'
}

async function rejection (p: Promise<unknown>): Promise<string> {
  try { await p } catch (err) { return (err as Error).name }
  return 'resolved'
}

/** A payload with arbitrary (possibly hostile) fields. */
function rawPayload (fields: Partial<UpdatePayload>): Uint8Array {
  return UpdatePayload.encode({ encoding: UpdateEncoding.SPARSE_FP16, dimension: DIM, count: 1, indices: Uint8Array.of(0), values: new Uint8Array(2), samples: 10, loss: 0, ...fields })
}

describe('update payload codec', () => {
  it('round-trips sparse fp16, dense fp16 and dense fp32', () => {
    const d = delta()
    for (const encoding of ['sparse-fp16', 'dense-fp16', 'dense-fp32'] as const) {
      const { update } = compressDelta(d, undefined, { encoding, fraction: 0.01, clipNorm: 100 })
      const bytes = encodeUpdatePayload(update, { samples: 600, loss: 0.25 })
      const back = decodeUpdatePayload(bytes, LIMITS)
      expect(back.encoding).toBe(encoding)
      expect(back.samples).toBe(600)
      expect(back.loss).toBeCloseTo(0.25)
      expect([...updateToDense(back)]).toEqual([...updateToDense(update)])
      if (encoding === 'sparse-fp16') {
        expect(back.count).toBe(100)
        // 2 bytes of value and ~2 of index per coordinate, plus a few fields
        expect(bytes.length).toBeLessThan(100 * 4 + 32)
      }
    }
  })

  it('rejects wrong shapes, hostile counts and lengths before allocating', () => {
    expect(errorName(() => decodeUpdatePayload(rawPayload({ dimension: DIM + 1 }), LIMITS))).toBe('WrongShapeError')
    // k over the limit / over the dimension / absurd: refused on the number alone
    expect(errorName(() => decodeUpdatePayload(rawPayload({ count: 3001 }), LIMITS))).toBe('WrongShapeError')
    expect(errorName(() => decodeUpdatePayload(rawPayload({ count: 0xffffffff }), { ...LIMITS, maxK: 2 ** 32 }))).toBe('WrongShapeError')
    expect(errorName(() => decodeUpdatePayload(rawPayload({ count: 0 }), LIMITS))).toBe('WrongShapeError')
    // a huge model and k allowed, a huge k declared over a few bytes: refused on the byte counts
    // before any k-sized array exists (allocating 2^29 indices would take seconds and 2 GiB)
    const t0 = performance.now()
    for (let i = 0; i < 20; i++) {
      expect(errorName(() => decodeUpdatePayload(rawPayload({ dimension: 2 ** 30, count: 2 ** 29, indices: new Uint8Array(8), values: new Uint8Array(8) }), { dimension: 2 ** 30, maxK: 2 ** 30 }))).toBe('WrongShapeError')
      expect(errorName(() => decodeUpdatePayload(rawPayload({ encoding: UpdateEncoding.DENSE_FP16, dimension: 2 ** 30, count: 2 ** 30, indices: new Uint8Array(0), values: new Uint8Array(8) }), { dimension: 2 ** 30, maxK: 2 ** 30 }))).toBe('WrongShapeError')
    }
    expect(performance.now() - t0).toBeLessThan(500)
    // value bytes that do not match k
    expect(errorName(() => decodeUpdatePayload(rawPayload({ count: 2, indices: Uint8Array.of(0, 1), values: new Uint8Array(2) }), LIMITS))).toBe('WrongShapeError')
    // indices out of range, not increasing
    expect(errorName(() => decodeUpdatePayload(rawPayload({ indices: Uint8Array.of(0x90, 0x4e) }), LIMITS))).toBe('WrongShapeError')
    expect(errorName(() => decodeUpdatePayload(rawPayload({ count: 2, indices: Uint8Array.of(4, 0), values: new Uint8Array(4) }), LIMITS))).toBe('WrongShapeError')
    // dense with the wrong number of values, or with indices
    expect(errorName(() => decodeUpdatePayload(rawPayload({ encoding: UpdateEncoding.DENSE_FP16, count: DIM, indices: new Uint8Array(0), values: new Uint8Array(DIM) }), LIMITS))).toBe('WrongShapeError')
    expect(errorName(() => decodeUpdatePayload(rawPayload({ encoding: UpdateEncoding.DENSE_FP32, count: DIM - 1, indices: new Uint8Array(0), values: new Uint8Array(4 * DIM - 4) }), LIMITS))).toBe('WrongShapeError')
    expect(errorName(() => decodeUpdatePayload(rawPayload({ encoding: UpdateEncoding.DENSE_FP16, count: DIM, values: new Uint8Array(2 * DIM) }), LIMITS))).toBe('WrongShapeError')
    // samples
    expect(errorName(() => decodeUpdatePayload(rawPayload({ samples: 0 }), LIMITS))).toBe('SampleCountError')
    expect(errorName(() => decodeUpdatePayload(rawPayload({ samples: 1001 }), LIMITS))).toBe('SampleCountError')
  })

  it('rejects NaN and Infinity values', () => {
    expect(errorName(() => decodeUpdatePayload(rawPayload({ values: Uint8Array.of(0x00, 0x7e) }), LIMITS))).toBe('NonFiniteUpdateError')
    expect(errorName(() => decodeUpdatePayload(rawPayload({ values: Uint8Array.of(0x00, 0xfc) }), LIMITS))).toBe('NonFiniteUpdateError')
    const fp32 = new Float32Array(DIM)
    fp32[77] = Infinity
    expect(errorName(() => decodeUpdatePayload(rawPayload({ encoding: UpdateEncoding.DENSE_FP32, count: DIM, indices: new Uint8Array(0), values: new Uint8Array(fp32.buffer) }), LIMITS))).toBe('NonFiniteUpdateError')
  })

  it('rejects a field declaring a huge length, and every truncation, as malformed', () => {
    // field 5 (values, wire type 2) declaring 2^32-1 bytes, followed by two
    const huge = Uint8Array.of(0x2a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00)
    expect(errorName(() => decodeUpdatePayload(huge, LIMITS))).toBe('MalformedUpdateError')
    const good = encodeUpdatePayload(compressDelta(delta(), undefined, { fraction: 0.01, clipNorm: 100 }).update, { samples: 5 })
    for (let cut = 1; cut < good.length; cut += 7) {
      const name = errorName(() => decodeUpdatePayload(good.subarray(0, cut), LIMITS))
      expect(['MalformedUpdateError', 'WrongShapeError', 'SampleCountError']).toContain(name)
    }
  })
})

describe('signed update frame', () => {
  it('prepareUpdate signs; the frame decodes and verifies against the sender key', async () => {
    const a = await identity()
    const baseModelCid = await cidOf('model')
    const prepared = await prepareUpdate(delta(), undefined, { privateKey: a.privateKey, from: a.id, taskId: 't', round: 3, baseModelCid, samples: 600, loss: 0.3, fraction: 0.01, clipNorm: 10 })
    expect(prepared.stats.bytes).toBe(prepared.frame.length)
    expect(prepared.stats.denseBytes / prepared.stats.bytes).toBeGreaterThan(50)
    const frame = decodeUpdateFrame(prepared.frame, maxUpdateBytes(DIM, 3000))
    expect(frame.round).toBe(3n)
    expect(frame.from).toBe(a.id)
    await verifyUpdateSignature(frame)
    expect(decodeUpdatePayload(frame.payload, LIMITS).count).toBe(100)
  })

  it('any change to task, round, base model, sender or payload breaks the signature', async () => {
    const a = await identity()
    const b = await identity()
    const baseModelCid = await cidOf('model')
    const payload = encodeUpdatePayload(compressDelta(delta(), undefined, { fraction: 0.01, clipNorm: 10 }).update, { samples: 5 })
    const frame = Update.decode(await signUpdate(a.privateKey, { taskId: 't', round: 1, baseModelCid, from: a.id }, payload))
    await verifyUpdateSignature(frame)
    const tampered = payload.slice()
    tampered[tampered.length - 3] ^= 1
    const other = await cidOf('other')
    for (const change of [{ taskId: 'u' }, { round: 2n }, { baseModelCid: other.bytes }, { from: b.id }, { payload: tampered }]) {
      expect(await rejection(verifyUpdateSignature({ ...frame, ...change } as Update))).toBe('BadSignatureError')
    }
    // a frame signed by someone else in a's name
    const forged = Update.decode(await signUpdate(b.privateKey, { taskId: 't', round: 1, baseModelCid, from: a.id }, payload))
    expect(await rejection(verifyUpdateSignature(forged))).toBe('BadSignatureError')
    expect(await rejection(verifyUpdateSignature({ ...frame, from: 'not-a-peer-id' }))).toBe('BadSignatureError')
  })

  it('rejects oversize frames before decoding, and malformed frames', async () => {
    expect(errorName(() => decodeUpdateFrame(new Uint8Array(2001), 2000))).toBe('MessageTooLargeError')
    expect(errorName(() => decodeUpdateFrame(Uint8Array.of(0x2a, 0xff, 0xff, 0xff, 0xff, 0x0f), 2000))).toBe('MalformedUpdateError')
    expect(errorName(() => decodeUpdateFrame(Update.encode({ taskId: 't', from: 'x', payload: Uint8Array.of(1), signature: new Uint8Array(10) }), 2000))).toBe('MalformedUpdateError')
    const a = await identity()
    const good = await signUpdate(a.privateKey, { taskId: 't', round: 1, baseModelCid: await cidOf('m'), from: a.id }, rawPayload({}))
    for (let cut = 1; cut < good.length; cut++) {
      expect(errorName(() => decodeUpdateFrame(good.subarray(0, cut), 2000))).toBe('MalformedUpdateError')
    }
  })
})
