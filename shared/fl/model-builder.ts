/**
 * Spec → tfjs model, shared by every platform. The model is a list of tfjs variables laid
 * out exactly as `weightsLayout(spec)` and a forward function built from core ops (fused
 * conv2d/matMul with bias and ReLU), so no tfjs-layers runtime is needed and weights move
 * to and from the flat vector without renaming.
 */
import { InvalidModelSpecError } from './errors.ts'
import { weightsLayout } from './model-spec.ts'
import type { ModelSpec, TensorLayout } from './model-spec.ts'
import type { Tensor, Tf, Variable } from './tf.ts'
import { validateWeights } from './weights.ts'

export interface TfModel {
  readonly spec: ModelSpec
  readonly layout: readonly TensorLayout[]
  readonly variables: readonly Variable[]
  /** logits [batch, classes] for x [batch, h, w, c] (softmax is left to the loss / argmax) */
  logits(x: Tensor): Tensor
  /** replaces every variable's value (validated first) */
  setWeights(weights: Float32Array): void
  /** reads every variable back into one flat vector */
  readWeights(): Promise<Float32Array>
  dispose(): void
}

export interface BuildOptions {
  /** fused conv2d/matMul + bias + ReLU kernels (one dispatch each) or plain ops @default true */
  fused?: boolean
}

export function buildModel (tf: Tf, spec: ModelSpec, weights: Float32Array, options: BuildOptions = {}): TfModel {
  const fused = options.fused ?? true
  const layout = weightsLayout(spec)
  validateWeights(spec, weights)
  const total = weights.length
  const variables = layout.map(t => tf.tidy(() => tf.variable(tf.tensor(weights.subarray(t.offset, t.offset + t.size), t.shape, 'float32'), true)))
  const byLayer = new Map<number, { kernel: Variable, bias: Variable }>()
  layout.forEach((t, i) => {
    const entry = byLayer.get(t.layer) ?? ({} as { kernel: Variable, bias: Variable })
    entry[t.kind] = variables[i]
    byLayer.set(t.layer, entry)
  })
  const [h, w, c] = spec.inputShape

  function logits (x: Tensor): Tensor {
    let y: Tensor = x.rank === 4 ? x : tf.reshape(x, [-1, h, w, c])
    spec.layers.forEach((layer, i) => {
      switch (layer.type) {
        case 'conv2d': {
          const { kernel, bias } = byLayer.get(i)!
          if (!fused) {
            const z = tf.add(tf.conv2d(y as never, kernel as never, layer.strides ?? 1, layer.padding), bias)
            y = layer.activation === 'relu' ? tf.relu(z) : z
            break
          }
          y = tf.fused.conv2d({
            x: y as never,
            filter: kernel as never,
            strides: layer.strides ?? 1,
            pad: layer.padding,
            bias,
            activation: layer.activation === 'relu' ? 'relu' : 'linear'
          })
          break
        }
        case 'maxPool2d':
          y = tf.maxPool(y as never, layer.poolSize, layer.poolSize, 'valid')
          break
        case 'flatten':
          y = tf.reshape(y, [y.shape[0] ?? -1, -1])
          break
        case 'dense': {
          const { kernel, bias } = byLayer.get(i)!
          if (!fused) {
            const z = tf.add(tf.matMul(y as never, kernel as never), bias)
            y = layer.activation === 'relu' ? tf.relu(z) : z
            break
          }
          y = tf.fused.matMul({ a: y as never, b: kernel as never, bias, activation: layer.activation === 'relu' ? 'relu' : 'linear' })
          break
        }
        default:
          throw new InvalidModelSpecError(`Unknown layer type at layers[${i}]`)
      }
    })
    return y
  }

  return {
    spec,
    layout,
    variables,
    logits,
    setWeights (next: Float32Array): void {
      validateWeights(total, next)
      tf.tidy(() => {
        layout.forEach((t, i) => variables[i].assign(tf.tensor(next.subarray(t.offset, t.offset + t.size), t.shape, 'float32')))
      })
    },
    async readWeights (): Promise<Float32Array> {
      const out = new Float32Array(total)
      const values = await Promise.all(variables.map(async v => await v.data()))
      layout.forEach((t, i) => out.set(values[i] as Float32Array, t.offset))
      return out
    },
    dispose (): void {
      for (const v of variables) v.dispose()
    }
  }
}
