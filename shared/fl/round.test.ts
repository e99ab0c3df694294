import { describe, it, expect } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import type { RoundAnnounce } from './round-announce.ts';
import { verifyRoundAnnounce, verifyRoundCommit, announceModel, signRoundAnnounce } from './round-announce.ts'
import { RoundCoordinator, selectParticipants } from './round.ts'
import { clientCompression, createTask } from './task.ts'
import { prepareUpdate } from './update-codec.ts'
import { assembleModel, verifyChunk } from './model-chunks.ts'
import { testRandom } from './test-random.ts'

const DIM = 4096

async function identity () {
  const privateKey = await generateKeyPair('Ed25519')
  return { privateKey, id: peerIdFromPrivateKey(privateKey).toString() }
}

async function rejection (p: Promise<unknown>): Promise<string> {
  try { await p } catch (err) { return (err as Error).name }
  return 'resolved'
}

function fakeClock (start = 1_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => { t += ms } }
}

const task = createTask({ id: 'test-task', fraction: 0.5, minParticipants: 2, roundDurationMs: 10_000, compression: { topKFraction: 0.05, minTopKFraction: 0.01, maxTopKFraction: 0.1, clipNorm: 5 } })

describe('selectParticipants', () => {
  it('is deterministic, seeded, deduplicated and sized max(min, ⌈C·n⌉)', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `peer-${i}`)
    const a = await selectParticipants([...ids, 'peer-3'], { fraction: 0.1, min: 3, seed: 's1' })
    expect(a).toHaveLength(3)
    expect(new Set(a).size).toBe(3)
    expect(await selectParticipants([...ids].reverse(), { fraction: 0.1, min: 3, seed: 's1' })).toEqual(a)
    expect(await selectParticipants(ids, { fraction: 0.1, min: 3, seed: 's2' })).not.toEqual(a)
    expect(await selectParticipants(ids, { fraction: 0.5, min: 1, seed: 's1' })).toHaveLength(10)
    expect(await selectParticipants(ids.slice(0, 2), { fraction: 0.1, min: 3, seed: 's1' })).toHaveLength(2)
  })
})

describe('RoundCoordinator', async () => {
  const coord = await identity()
  const nodes = await Promise.all(Array.from({ length: 4 }, async () => await identity()))
  const ids = nodes.map(n => n.id)
  const keyOf = new Map<string, PrivateKey>(nodes.map(n => [n.id, n.privateKey]))
  const model = Float32Array.from({ length: DIM }, (_, i) => Math.cos(i))

  const updateFor = async (c: RoundCoordinator, id: string, seed: number, samples = 100) => {
    const a = c.openAnnounce as RoundAnnounce
    const r = testRandom(seed)
    const delta = Float32Array.from({ length: DIM }, () => (r() * 2 - 1) * 0.01)
    return (await prepareUpdate(delta, undefined, {
      privateKey: keyOf.get(id) as PrivateKey, from: id, taskId: a.taskId, round: Number(a.round), baseModelCid: CID.decode(a.baseModelCid),
      samples, loss: 0.5, ...clientCompression(a.config as NonNullable<RoundAnnounce['config']>)
    })).frame
  }

  it('announces, collects, commits early when every participant sent, and moves on', async () => {
    const clock = fakeClock()
    const c = await RoundCoordinator.create({ task, privateKey: coord.privateKey, coordinator: coord.id, model, clock, dimension: DIM, chunkBytes: 4096 })
    expect(c.phase).toBe('idle')
    const { frame, announce } = await c.announce(ids)
    expect(c.phase).toBe('open')
    // the announce verifies for followers of this coordinator, and only for them
    const heard = await verifyRoundAnnounce(frame, { coordinator: coord.id })
    expect(heard.round).toBe(1n)
    expect(heard.participants).toHaveLength(2)
    expect(heard.deadlineMs - heard.issuedAtMs).toBe(10_000n)
    expect(await rejection(verifyRoundAnnounce(frame, { coordinator: ids[0] }))).toBe('InvalidAnnounceError')
    // participants can fetch and check the base model from the announce
    const d = announceModel(heard)
    const chunks = await Promise.all(c.chunked.chunks.map(async ch => { await verifyChunk(d, ch.index, ch.bytes, c.chunked.tree.proof(ch.index)); return ch.bytes }))
    expect([...await assembleModel(d, chunks)]).toEqual([...model])

    expect(await rejection(c.announce(ids))).toBe('RoundPhaseError')
    const other = await RoundCoordinator.create({ task, privateKey: coord.privateKey, coordinator: coord.id, model, clock, dimension: DIM, chunkBytes: 4096 })
    const racing = await Promise.allSettled([other.announce(ids), other.announce(ids)])
    expect(racing.map(r => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const [p1, p2] = announce.participants
    const outsider = ids.find(id => !announce.participants.includes(id)) as string
    const outsiderFrame = await updateFor(c, outsider, 9)
    expect(await c.submit(outsiderFrame)).toMatchObject({ status: 'rejected', reason: 'NotSelectedError' })
    const p1Frame = await updateFor(c, p1, 1, 100)
    const first = await c.submit(p1Frame)
    expect(first).toMatchObject({ status: 'accepted', from: p1, complete: false })
    expect((await c.tick()).kind).toBe('waiting')
    const second = await c.submit(await updateFor(c, p2, 2, 300))
    expect(second).toMatchObject({ status: 'accepted', complete: true })
    const tick = await c.tick()
    expect(tick.kind).toBe('committed')
    if (tick.kind !== 'committed') return
    const r = tick.result
    expect(r.round).toBe(1)
    expect(r.accepted).toBe(2)
    expect(r.samples).toBe(400)
    expect(r.rejected.NotSelectedError).toBe(1)
    expect(r.modelCid.toString()).not.toBe(r.baseModelCid.toString())
    expect(r.bytesUp).toBeGreaterThan(r.acceptedBytes)
    const commit = await verifyRoundCommit(r.commitFrame, { coordinator: coord.id })
    expect(CID.decode(commit.modelCid).toString()).toBe(r.modelCid.toString())
    expect(c.phase).toBe('idle')
    expect(c.round).toBe(1)
    expect(c.modelCid.toString()).toBe(r.modelCid.toString())
    // round 2 is against the new model; a round-1 update is now wrong-round
    await c.announce(ids)
    expect(c.openAnnounce?.round).toBe(2n)
    expect(await c.submit(p1Frame)).toMatchObject({ status: 'rejected', reason: 'ReplayedUpdateError' })
    expect(await c.submit(outsiderFrame)).toMatchObject({ status: 'rejected', reason: 'WrongRoundError' })
    expect(c.status().rejected).toMatchObject({ ReplayedUpdateError: 1, WrongRoundError: 1 })
  })

  it('at the deadline commits with ≥ min valid updates; a silent participant does not stall it', async () => {
    const clock = fakeClock()
    const c = await RoundCoordinator.create({ task: { ...task, fraction: 1 }, privateKey: coord.privateKey, coordinator: coord.id, model, clock, dimension: DIM, chunkBytes: 4096 })
    const { announce } = await c.announce(ids)
    expect(announce.participants).toHaveLength(4)
    for (const [i, id] of announce.participants.slice(0, 2).entries()) await c.submit(await updateFor(c, id, 10 + i))
    clock.advance(9_999)
    expect(await c.tick()).toEqual({ kind: 'waiting', msLeft: 1 })
    clock.advance(1)
    const t = await c.tick()
    expect(t.kind).toBe('committed')
  })

  it('below min at the deadline re-announces the same round, keeping accepted updates', async () => {
    const clock = fakeClock()
    const c = await RoundCoordinator.create({ task: { ...task, fraction: 0.25, minParticipants: 2 }, privateKey: coord.privateKey, coordinator: coord.id, model, clock, dimension: DIM, chunkBytes: 4096 })
    const { announce } = await c.announce(ids.slice(0, 2))
    expect(announce.participants).toHaveLength(2)
    await c.submit(await updateFor(c, announce.participants[0], 20))
    expect(await rejection(c.commit())).toBe('NotEnoughUpdatesError')
    clock.advance(10_000)
    const t = await c.tick(ids)
    expect(t.kind).toBe('reannounced')
    if (t.kind !== 'reannounced') return
    expect(t.announced.announce.round).toBe(1n)
    expect(t.announced.announce.attempt).toBe(1)
    expect(t.announced.announce.deadlineMs).toBe(BigInt(clock.now() + 10_000))
    const added = t.announced.announce.participants.filter(id => !announce.participants.includes(id))
    expect(added.length).toBeGreaterThan(0)
    expect(c.status()).toMatchObject({ phase: 'open', round: 1, attempt: 1, accepted: 1 })
    await c.submit(await updateFor(c, added[0], 21))
    clock.advance(10_000)
    const done = await c.tick(ids)
    expect(done.kind).toBe('committed')
    if (done.kind === 'committed') {
      expect(done.result.attempts).toBe(2)
      expect(done.result.accepted).toBe(2)
    }
  })

  it('commits the sample-weighted FedAvg of what it accepted', async () => {
    const clock = fakeClock()
    const c = await RoundCoordinator.create({ task: { ...task, fraction: 1, compression: { ...task.compression, encoding: 'dense-fp32', topKFraction: 1, minTopKFraction: 1, maxTopKFraction: 1 } }, privateKey: coord.privateKey, coordinator: coord.id, model, clock, dimension: DIM, chunkBytes: 4096 })
    const { announce } = await c.announce(ids.slice(0, 2))
    const a = c.openAnnounce as RoundAnnounce
    const deltas = [new Float32Array(DIM).fill(0.01), new Float32Array(DIM).fill(-0.01)]
    for (const [i, id] of announce.participants.entries()) {
      const prepared = await prepareUpdate(deltas[i], undefined, { privateKey: keyOf.get(id) as PrivateKey, from: id, taskId: a.taskId, round: 1, baseModelCid: CID.decode(a.baseModelCid), samples: i === 0 ? 300 : 100, encoding: 'dense-fp32', clipNorm: 5 })
      await c.submit(prepared.frame)
    }
    const t = await c.tick()
    if (t.kind !== 'committed') throw new Error(t.kind)
    // (300 · 0.01 + 100 · −0.01) / 400 = 0.005
    expect(t.result.model[7] - model[7]).toBeCloseTo(0.005, 6)
  })

  it('resumes from a committed round and model', async () => {
    const c = await RoundCoordinator.create({ task, privateKey: coord.privateKey, coordinator: coord.id, model, round: 41, dimension: DIM, chunkBytes: 4096 })
    const { announce } = await c.announce(ids)
    expect(announce.round).toBe(42n)
  })

  it('refuses hostile announces: oversize, forged, incoherent', async () => {
    const c = await RoundCoordinator.create({ task, privateKey: coord.privateKey, coordinator: coord.id, model, dimension: DIM, chunkBytes: 4096 })
    const { announce } = await c.announce(ids)
    expect(await rejection(verifyRoundAnnounce(new Uint8Array(300 * 1024), { coordinator: coord.id }))).toBe('MessageTooLargeError')
    expect(await rejection(verifyRoundAnnounce(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0x0f), { coordinator: coord.id }))).toBe('InvalidAnnounceError')
    const forged = await signRoundAnnounce(nodes[0].privateKey, announce)
    expect(await rejection(verifyRoundAnnounce(forged, { coordinator: coord.id }))).toBe('BadSignatureError')
    const incoherent = await signRoundAnnounce(coord.privateKey, { ...announce, chunkCount: 99 })
    expect(await rejection(verifyRoundAnnounce(incoherent, { coordinator: coord.id }))).toBe('InvalidAnnounceError')
    const crowd = await signRoundAnnounce(coord.privateKey, { ...announce, participants: Array.from({ length: 2001 }, (_, i) => `p${i}`) })
    expect(await rejection(verifyRoundAnnounce(crowd, { coordinator: coord.id }))).toBe('InvalidAnnounceError')
  })
})
