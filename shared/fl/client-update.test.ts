import { describe, it, expect } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { prepareRoundUpdate } from './client-update.ts'
import { RoundCoordinator } from './round.ts'
import { verifyRoundAnnounce } from './round-announce.ts'
import { createTask } from './task.ts'
import { testRandom } from './test-random.ts'

const DIM = 4096

describe('prepareRoundUpdate', () => {
  it('turns a verified announce and a delta into an accepted update, carrying residual and adapted share', async () => {
    const coordKey = await generateKeyPair('Ed25519')
    const coordId = peerIdFromPrivateKey(coordKey).toString()
    const key = await generateKeyPair('Ed25519')
    const id = peerIdFromPrivateKey(key).toString()
    const task = createTask({ id: 'client-test', compression: { topKFraction: 0.01, minTopKFraction: 0.01, maxTopKFraction: 0.3, clipNorm: 100 } })
    const c = await RoundCoordinator.create({ task, privateKey: coordKey, coordinator: coordId, model: new Float32Array(DIM), dimension: DIM, chunkBytes: 4096 })
    const r = testRandom(3)
    const delta = Float32Array.from({ length: DIM }, () => r() - 0.5)
    let state
    for (let round = 1; round <= 3; round++) {
      const { frame } = await c.announce([id])
      const announce = await verifyRoundAnnounce(frame, { coordinator: coordId })
      const out = await prepareRoundUpdate(delta, state, { announce, privateKey: key, from: id, samples: 600 })
      expect(await c.submit(out.frame)).toMatchObject({ status: 'accepted' })
      expect(out.state.residual).toHaveLength(DIM)
      expect(out.state.fraction).toBeGreaterThanOrEqual(state?.fraction ?? 0.01)
      expect(out.state.fraction).toBeLessThanOrEqual(0.3)
      state = out.state
      await c.commit()
    }
    // a dense random delta leaves far more behind than top-1 % sends: the share grew
    expect(state?.fraction).toBeGreaterThan(0.014)
    // a residual from another task is not applied
    const { frame } = await c.announce([id])
    const announce = await verifyRoundAnnounce(frame, { coordinator: coordId })
    const fresh = await prepareRoundUpdate(delta, { ...state, taskId: 'other' }, { announce, privateKey: key, from: id, samples: 600 })
    expect(fresh.stats.count).toBe(Math.ceil(DIM * 0.01))
    await expect(prepareRoundUpdate(new Float32Array(DIM - 1), undefined, { announce, privateKey: key, from: id, samples: 1 })).rejects.toMatchObject({ name: 'WrongShapeError' })
  })
})
