import { describe, it, expect } from 'vitest'
import { FedAvgAccumulator, applyServerUpdate, robustAggregate } from './aggregate.ts'
import { encodeFloat16 } from './fp16.ts'

describe('FedAvgAccumulator', () => {
  it('weights each update by its samples', () => {
    const acc = new FedAvgAccumulator(3)
    acc.add({ encoding: 'dense-fp32', dimension: 3, indices: null, fp16: null, fp32: Float32Array.of(1, 0, 0), samples: 100 })
    acc.add({ encoding: 'dense-fp32', dimension: 3, indices: null, fp16: null, fp32: Float32Array.of(0, 1, 0), samples: 300 })
    expect([...acc.mean()]).toEqual([0.25, 0.75, 0])
    expect(acc.totalSamples).toBe(400)
    expect(acc.count).toBe(2)
  })

  it('mixes sparse and dense fp16 updates; untouched coordinates count as zero', () => {
    const acc = new FedAvgAccumulator(4)
    acc.add({ encoding: 'sparse-fp16', dimension: 4, indices: Uint32Array.of(1, 3), fp16: encodeFloat16([2, -4]), fp32: null, samples: 1 })
    acc.add({ encoding: 'dense-fp16', dimension: 4, indices: null, fp16: encodeFloat16([1, 1, 1, 1]), fp32: null, samples: 3 })
    expect([...acc.mean()]).toEqual([0.75, 1.25, 0.75, -0.25])
  })

  it('applies the server learning rate to the base model', () => {
    const acc = new FedAvgAccumulator(2)
    acc.add({ encoding: 'dense-fp32', dimension: 2, indices: null, fp16: null, fp32: Float32Array.of(1, -1), samples: 5 })
    expect([...acc.finish(Float32Array.of(10, 10), 0.5)]).toEqual([10.5, 9.5])
    expect([...applyServerUpdate(Float32Array.of(1), Float32Array.of(2))]).toEqual([3])
  })

  it('refuses wrong dimensions and empty rounds', () => {
    const acc = new FedAvgAccumulator(2)
    expect(() => { acc.add({ encoding: 'dense-fp32', dimension: 3, indices: null, fp16: null, fp32: new Float32Array(3), samples: 1 }) }).toThrow(expect.objectContaining({ name: 'WrongShapeError' }))
    expect(() => acc.mean()).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
  })
})

describe('robustAggregate', () => {
  const honest = [Float32Array.of(1, 2), Float32Array.of(1.1, 2.1), Float32Array.of(0.9, 1.9), Float32Array.of(1, 2)]
  const poisoned = [...honest, Float32Array.of(1000, -1000)]

  it('coordinate-wise median ignores one huge outlier', () => {
    const m = robustAggregate(poisoned, { aggregator: 'median' })
    expect(m[0]).toBeCloseTo(1)
    expect(m[1]).toBeCloseTo(2)
    expect(robustAggregate([Float32Array.of(1), Float32Array.of(3)], { aggregator: 'median' })[0]).toBe(2)
  })

  it('trimmed mean drops the extremes at each end', () => {
    const t = robustAggregate(poisoned, { aggregator: 'trimmed-mean', trim: 0.2 })
    expect(t[0]).toBeCloseTo((1 + 1.1 + 1) / 3)
    expect(t[1]).toBeCloseTo((1.9 + 2 + 2) / 3)
  })
})
