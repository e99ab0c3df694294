import { describe, expect, it } from 'vitest'
import { InvalidModelSpecError } from './errors.ts'
import { inputTable, parameterCount, weightsLayout } from './model-spec.ts'
import type { ModelSpec } from './model-spec.ts'
import { MNIST_2NN, MNIST_CNN, PAPER_MODELS } from './paper-models.ts'

describe('paper models', () => {
  it('the CNN has exactly the 1,663,370 parameters of the FedAvg paper', () => {
    expect(parameterCount(MNIST_CNN)).toBe(1_663_370)
  })

  it('the 2NN has exactly the 199,210 parameters of the FedAvg paper', () => {
    expect(parameterCount(MNIST_2NN)).toBe(199_210)
  })

  it('lays the CNN out kernel then bias, layer by layer, without gaps', () => {
    const layout = weightsLayout(MNIST_CNN)
    expect(layout.map(t => [t.name, t.shape])).toEqual([
      ['conv2d_0/kernel', [5, 5, 1, 32]], ['conv2d_0/bias', [32]],
      ['conv2d_2/kernel', [5, 5, 32, 64]], ['conv2d_2/bias', [64]],
      ['dense_5/kernel', [3136, 512]], ['dense_5/bias', [512]],
      ['dense_6/kernel', [512, 10]], ['dense_6/bias', [10]]
    ])
    let at = 0
    for (const t of layout) {
      expect(t.offset).toBe(at)
      expect(t.size).toBe(t.shape.reduce((a, b) => a * b, 1))
      at += t.size
    }
  })

  it('are listed by id', () => {
    expect(PAPER_MODELS['mnist-cnn']).toBe(MNIST_CNN)
    expect(PAPER_MODELS['mnist-2nn']).toBe(MNIST_2NN)
  })

  it('standardise input bytes with the MNIST mean and deviation', () => {
    const table = inputTable(MNIST_2NN)
    expect(table[0]).toBeCloseTo(-0.1307 / 0.3081, 6)
    expect(table[255]).toBeCloseTo((1 - 0.1307) / 0.3081, 6)
  })
})

describe('spec validation', () => {
  const bad = (patch: Partial<ModelSpec>): ModelSpec => ({ ...MNIST_2NN, ...patch })

  it('refuses a dense layer on an unflattened input', () => {
    expect(() => weightsLayout(bad({ layers: [{ type: 'dense', units: 10, activation: 'softmax' }] }))).toThrow(InvalidModelSpecError)
  })

  it('refuses a last layer that does not output the classes', () => {
    expect(() => weightsLayout(bad({ layers: [{ type: 'flatten' }, { type: 'dense', units: 7, activation: 'softmax' }] })))
      .toThrow(/must output 10 classes/)
  })

  it('refuses unknown layers and non-integer sizes with a typed error', () => {
    try {
      weightsLayout(bad({ layers: [{ type: 'lstm' } as never] }))
      expect.unreachable()
    } catch (err) {
      expect((err as Error).name).toBe('InvalidModelSpecError')
    }
    expect(() => weightsLayout(bad({ layers: [{ type: 'flatten' }, { type: 'dense', units: 2.5, activation: 'relu' }] }))).toThrow(InvalidModelSpecError)
  })

  it('refuses a kernel larger than its input', () => {
    expect(() => weightsLayout(bad({
      inputShape: [4, 4, 1],
      layers: [{ type: 'conv2d', filters: 2, kernelSize: 5, padding: 'valid', activation: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }]
    }))).toThrow(InvalidModelSpecError)
  })
})
