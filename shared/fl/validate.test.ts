import { describe, it, expect } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { UpdateEncoding, UpdatePayload } from '../protocol/fl.ts'
import { prepareUpdate, signUpdate } from './update-codec.ts'
import { ReplayMemory, UpdateValidator } from './validate.ts'
import { REJECTION_REASONS } from './update-errors.ts'
import { testRandom } from './test-random.ts'

const DIM = 5000

async function identity () {
  const privateKey = await generateKeyPair('Ed25519')
  return { privateKey, id: peerIdFromPrivateKey(privateKey).toString() }
}

async function cidOf (s: string): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(s)))
}

function delta (seed: number): Float32Array {
  const r = testRandom(seed)
  return Float32Array.from({ length: DIM }, () => (r() * 2 - 1) * 0.01)
}

async function rejection (p: Promise<unknown>): Promise<string> {
  try { await p } catch (err) { return (err as Error).name }
  return 'resolved'
}

describe('UpdateValidator', async () => {
  const base = await cidOf('base-model')
  const [a, b, c, mallory] = await Promise.all([identity(), identity(), identity(), identity()])
  const task = { taskId: 'mnist', dimension: DIM, maxK: 500, clipNorm: 1, maxSamples: 1000 }
  const make = async (who: { privateKey: typeof a.privateKey, id: string }, round: number, extra: Record<string, unknown> = {}) =>
    (await prepareUpdate(delta(round), undefined, { privateKey: who.privateKey, from: who.id, taskId: 'mnist', round, baseModelCid: base, samples: 100, fraction: 0.01, clipNorm: 1, ...extra })).frame

  it('accepts honest updates and counts every rejection by its reason', async () => {
    const replay = new ReplayMemory()
    const r1 = new UpdateValidator({ ...task, round: 1, baseModelCid: base, replay })
    const fromA1 = await make(a, 1)
    const ok = await r1.validate(fromA1)
    expect(ok.from).toBe(a.id)
    expect(ok.count).toBe(50)
    expect(ok.norm).toBeLessThanOrEqual(1)

    const r2 = new UpdateValidator({ ...task, round: 2, baseModelCid: base, replay, participants: [a.id, b.id, c.id] })
    // replay of round 1's frame
    expect(await rejection(r2.validate(fromA1))).toBe('ReplayedUpdateError')
    // an honest update for round 1 that arrives late
    expect(await rejection(r2.validate(await make(b, 1)))).toBe('WrongRoundError')
    expect(await rejection(r2.validate(await make(b, 2, { taskId: 'other' })))).toBe('WrongRoundError')
    expect(await rejection(r2.validate(await make(b, 2, { baseModelCid: await cidOf('old-model') })))).toBe('WrongBaseModelError')
    expect(await rejection(r2.validate(await make(mallory, 2)))).toBe('NotSelectedError')
    // mallory forges b's update: refused, and b's real one still gets in
    const payload = UpdatePayload.encode({ encoding: UpdateEncoding.SPARSE_FP16, dimension: DIM, count: 1, indices: Uint8Array.of(0), values: Uint8Array.of(0, 0x3c), samples: 1000, loss: 0 })
    expect(await rejection(r2.validate(await signUpdate(mallory.privateKey, { taskId: 'mnist', round: 2, baseModelCid: base, from: b.id }, payload)))).toBe('BadSignatureError')
    const fromB = await make(b, 2)
    await r2.validate(fromB)
    // the same frame again, and a second different update from b
    expect(await rejection(r2.validate(fromB))).toBe('ReplayedUpdateError')
    expect(await rejection(r2.validate(await make(b, 2, { fraction: 0.02 })))).toBe('ReplayedUpdateError')
    // oversize, malformed, wrong shape, NaN, norm, samples
    expect(await rejection(r2.validate(new Uint8Array(r2.maxBytes + 1)))).toBe('MessageTooLargeError')
    expect(await rejection(r2.validate(Uint8Array.of(1, 2, 3)))).toBe('MalformedUpdateError')
    const signed = async (fields: Partial<UpdatePayload>) => await signUpdate(c.privateKey, { taskId: 'mnist', round: 2, baseModelCid: base, from: c.id },
      UpdatePayload.encode({ encoding: UpdateEncoding.SPARSE_FP16, dimension: DIM, count: 1, indices: Uint8Array.of(0), values: Uint8Array.of(0, 0x38), samples: 10, loss: 0, ...fields }))
    expect(await rejection(r2.validate(await signed({ dimension: DIM - 1 })))).toBe('WrongShapeError')
    expect(await rejection(r2.validate(await signed({ count: 501 })))).toBe('WrongShapeError')
    expect(await rejection(r2.validate(await signed({ values: Uint8Array.of(0, 0x7e) })))).toBe('NonFiniteUpdateError')
    expect(await rejection(r2.validate(await signed({ values: Uint8Array.of(0, 0x40) })))).toBe('NormBoundError')
    expect(await rejection(r2.validate(await signed({ samples: 1_000_000 })))).toBe('SampleCountError')
    // none of that locked c out
    await r2.validate(await signed({}))
    r2.close()
    expect(await rejection(r2.validate(await make(a, 2)))).toBe('RoundClosedError')

    expect(r2.accepted).toBe(2)
    expect([...r2.acceptedFrom].sort()).toEqual([b.id, c.id].sort())
    expect(r2.rejected).toEqual({
      BadSignatureError: 1,
      WrongRoundError: 2,
      WrongBaseModelError: 1,
      ReplayedUpdateError: 3,
      NotSelectedError: 1,
      MessageTooLargeError: 1,
      MalformedUpdateError: 1,
      WrongShapeError: 2,
      NonFiniteUpdateError: 1,
      NormBoundError: 1,
      SampleCountError: 1,
      RoundClosedError: 1
    })
    expect(Object.keys(r2.rejected)).toEqual([...REJECTION_REASONS])
  })

  it('lets only one of two racing updates from the same node in', async () => {
    const v = new UpdateValidator({ ...task, round: 7, baseModelCid: base })
    const [x, y] = await Promise.all([make(a, 7), make(a, 7, { fraction: 0.05 })])
    const results = await Promise.allSettled([v.validate(x), v.validate(y)])
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1)
    expect(v.rejected.ReplayedUpdateError).toBe(1)
  })

  it('forgets old rounds beyond its memory', () => {
    const m = new ReplayMemory({ rounds: 2 })
    const sig = (n: number) => new Uint8Array(64).fill(n)
    m.remember(1, sig(1))
    m.remember(2, sig(2))
    expect(m.has(sig(1))).toBe(true)
    m.remember(3, sig(3))
    expect(m.has(sig(1))).toBe(false)
    expect(m.has(sig(2))).toBe(true)
    expect(m.has(sig(3))).toBe(true)
    const restored = ReplayMemory.restore(JSON.parse(JSON.stringify(m.export())), { rounds: 2 })
    expect(restored.has(sig(2))).toBe(true)
    expect(restored.has(sig(3))).toBe(true)
    expect(restored.has(sig(1))).toBe(false)
  })
})
