import { describe, it, expect } from 'vitest'
import { UpdateEncoding } from '../protocol/fl.ts'
import { clientCompression, createTask, DEFAULT_TASK, maxValuesPerUpdate, roundsTopic, taskDimension, toRoundConfig } from './task.ts'

function errorName (f: () => unknown): string {
  try { f() } catch (err) { return (err as Error).name }
  return 'returned'
}

describe('task config', () => {
  it('defaults to the paper MNIST 2NN, IID, top 1 %', () => {
    const t = createTask()
    expect(t).toEqual(DEFAULT_TASK)
    expect(taskDimension(t)).toBe(199_210)
    expect(taskDimension({ modelSpecId: 'mnist-cnn' })).toBe(1_663_370)
    expect(maxValuesPerUpdate(t, 199_210)).toBe(Math.ceil(199_210 * 0.3))
    expect(roundsTopic(t.id)).toBe('/vain/mnist-2nn-iid/rounds/1')
  })

  it('refuses impossible settings with InvalidParametersError', () => {
    for (const bad of [{ id: 'Has Spaces' }, { epochs: 0 }, { fraction: 1.5 }, { lr: -1 }, { minParticipants: 0 }, { partition: 'sorted' as 'iid' }, { aggregator: 'krum' as 'median' }, { compression: { topKFraction: 0.5, maxTopKFraction: 0.3 } }, { compression: { clipNorm: 0 } }]) {
      expect(errorName(() => createTask(bad))).toBe('InvalidParametersError')
    }
    expect(errorName(() => taskDimension({ modelSpecId: 'nope' }))).toBe('InvalidParametersError')
  })

  it('tells clients how to compress, clamping their adapted fraction to the announced range', () => {
    const config = toRoundConfig(createTask({ compression: { topKFraction: 0.02, minTopKFraction: 0.01, maxTopKFraction: 0.1 } }))
    expect(config.encoding).toBe(UpdateEncoding.SPARSE_FP16)
    expect(clientCompression(config)).toEqual({ encoding: 'sparse-fp16', fraction: 0.02, clipNorm: 10 })
    expect(clientCompression(config, 0.5).fraction).toBe(0.1)
    expect(clientCompression(toRoundConfig(createTask({ compression: { encoding: 'dense-fp32' } }))).encoding).toBe('dense-fp32')
  })
})
