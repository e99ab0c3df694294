import { describe, it, expect } from 'vitest'
import { adaptTopKFraction, compressDelta, l2Norm } from './compression.ts'
import { updateToDense } from './update-codec.ts'
import { testRandom } from './test-random.ts'

function randomDelta (n: number, seed: number, scale = 0.01): Float32Array {
  const r = testRandom(seed)
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale * (r() < 0.05 ? 10 : 1))
}

function errorName (f: () => unknown): string {
  try { f() } catch (err) { return (err as Error).name }
  return 'returned'
}

describe('compressDelta: top-k with error feedback', () => {
  it('sends the k largest of delta + residual and keeps exactly the rest in the residual', () => {
    const n = 2000
    const delta = randomDelta(n, 1)
    const residual = randomDelta(n, 2, 0.003)
    const { update, residual: next, stats } = compressDelta(delta, residual, { fraction: 0.01, clipNorm: 1e6 })
    expect(update.indices?.length).toBe(20)
    expect(stats.count).toBe(20)
    const sent = updateToDense(update)
    const sentSet = new Set(update.indices)
    for (let i = 0; i < n; i++) {
      const owed = Math.fround(residual[i] + delta[i])
      if (sentSet.has(i)) {
        // only the fp16 rounding error stays behind
        expect(Math.abs(next[i])).toBeLessThanOrEqual(Math.abs(owed) * 2 ** -11 + 1e-12)
      } else {
        expect(next[i]).toBe(owed)
        expect(sent[i]).toBe(0)
      }
      expect(sent[i] + next[i]).toBeCloseTo(owed, 7)
    }
    // every unsent magnitude is at most the smallest sent one
    const minSent = Math.min(...[...update.indices ?? []].map(i => Math.abs(residual[i] + delta[i])))
    for (let i = 0; i < n; i++) if (!sentSet.has(i)) expect(Math.abs(residual[i] + delta[i])).toBeLessThanOrEqual(minSent)
  })

  it('loses nothing over rounds: Σ sent + final residual = Σ deltas', () => {
    const n = 5000
    const rounds = 30
    const totalDelta = new Float64Array(n)
    const totalSent = new Float64Array(n)
    let residual: Float32Array | undefined
    for (let r = 0; r < rounds; r++) {
      const delta = randomDelta(n, 100 + r)
      for (let i = 0; i < n; i++) totalDelta[i] += delta[i]
      const out = compressDelta(delta, residual, { fraction: 0.01, clipNorm: 1e6 })
      const sent = updateToDense(out.update)
      for (let i = 0; i < n; i++) totalSent[i] += sent[i]
      residual = out.residual
    }
    let maxErr = 0
    let sentNonZero = 0
    for (let i = 0; i < n; i++) {
      maxErr = Math.max(maxErr, Math.abs(totalSent[i] + (residual as Float32Array)[i] - totalDelta[i]))
      if (totalSent[i] !== 0) sentNonZero++
    }
    expect(maxErr).toBeLessThan(1e-6)
    // error feedback eventually sends coordinates a memoryless top-1 % never would
    expect(sentNonZero).toBeGreaterThan(50 * 5)
  })

  it('without error feedback the residual is dropped', () => {
    const delta = randomDelta(1000, 3)
    const out = compressDelta(delta, undefined, { fraction: 0.05, clipNorm: 1e6, errorFeedback: false })
    expect(out.residual.every(v => v === 0)).toBe(true)
    expect(out.stats.residualNorm).toBe(0)
  })

  it('clips the delta to the bound and keeps what is sent under it', () => {
    const delta = randomDelta(1000, 4, 1)
    const norm = l2Norm(delta)
    const out = compressDelta(delta, undefined, { encoding: 'dense-fp16', clipNorm: norm / 10 })
    expect(out.stats.clipScale).toBeCloseTo(0.1, 6)
    expect(out.stats.sentNorm).toBeLessThanOrEqual(norm / 10)
    // a residual that piled up is also held under the bound; the excess waits
    const big = new Float32Array(1000).fill(1)
    const capped = compressDelta(new Float32Array(1000), big, { fraction: 1, clipNorm: 2 })
    expect(capped.stats.sentNorm).toBeLessThanOrEqual(2)
    const total = l2Norm(Float32Array.from(updateToDense(capped.update), (v, i) => v + capped.residual[i]))
    expect(total).toBeCloseTo(l2Norm(big), 3)
  })

  it('dense fp32 sends the values exactly', () => {
    const delta = randomDelta(100, 5)
    const out = compressDelta(delta, undefined, { encoding: 'dense-fp32', clipNorm: 1e6 })
    expect([...updateToDense(out.update)]).toEqual([...delta])
    expect(out.residual.every(v => v === 0)).toBe(true)
  })

  it('refuses NaN deltas and mismatched residuals', () => {
    const d = new Float32Array(10)
    d[3] = NaN
    expect(errorName(() => compressDelta(d, undefined, { clipNorm: 1 }))).toBe('NonFiniteUpdateError')
    expect(errorName(() => compressDelta(new Float32Array(10), new Float32Array(9), { clipNorm: 1 }))).toBe('WrongShapeError')
  })
})

describe('adaptTopKFraction', () => {
  it('grows when the residual piles up, shrinks when it is small, within 1–30 %', () => {
    expect(adaptTopKFraction({ current: 0.01, stats: { residualNorm: 10, sentNorm: 1 } })).toBeCloseTo(0.015)
    expect(adaptTopKFraction({ current: 0.01, stats: { residualNorm: 0.1, sentNorm: 1 } })).toBe(0.01)
    expect(adaptTopKFraction({ current: 0.3, stats: { residualNorm: 100, sentNorm: 1 } })).toBe(0.3)
    expect(adaptTopKFraction({ current: 0.1, stats: { residualNorm: 2, sentNorm: 1 } })).toBe(0.1)
    expect(adaptTopKFraction({ current: 0.1, stats: { residualNorm: 0.5, sentNorm: 1 } })).toBeCloseTo(0.1 / 1.5)
  })
})
