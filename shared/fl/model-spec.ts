/**
 * Models as data. A `ModelSpec` lists layers, shapes, activations and an init seed; from it
 * every platform derives the same flat weights layout (Keras order: per layer kernel then
 * bias) and builds the same tfjs model (see model-builder.ts).
 */
import { InvalidModelSpecError } from './errors.ts'

export type Activation = 'relu' | 'linear' | 'softmax'
export type Padding = 'same' | 'valid'

export interface Conv2dLayerSpec {
  type: 'conv2d'
  filters: number
  /** square kernel side */
  kernelSize: number
  /** @default 1 */
  strides?: number
  padding: Padding
  activation: Activation
}

export interface MaxPool2dLayerSpec {
  type: 'maxPool2d'
  /** square window side; the stride equals it */
  poolSize: number
}

export interface FlattenLayerSpec {
  type: 'flatten'
}

export interface DenseLayerSpec {
  type: 'dense'
  units: number
  activation: Activation
}

export type LayerSpec = Conv2dLayerSpec | MaxPool2dLayerSpec | FlattenLayerSpec | DenseLayerSpec

export interface InitSpec {
  /** Glorot/Xavier uniform kernels, zero biases (the Keras defaults) */
  scheme: 'glorot-uniform'
  seed: number
}

export interface ModelSpec {
  /** stable id, e.g. `mnist-cnn`; keys caches and probes */
  id: string
  /** human name */
  name: string
  /** [height, width, channels] of one sample */
  inputShape: [number, number, number]
  /** number of classes of the final layer */
  classes: number
  /** inputs are bytes 0–255, scaled to 0–1 then standardised: (v/255 − mean) / std @default {mean: 0, std: 1} */
  normalize?: { mean: number, std: number }
  layers: LayerSpec[]
  init: InitSpec
}

/** Where one tensor of the model lives inside the flat weights vector. */
export interface TensorLayout {
  /** e.g. `conv2d_0/kernel` */
  name: string
  kind: 'kernel' | 'bias'
  /** index of the layer in `spec.layers` */
  layer: number
  shape: number[]
  offset: number
  size: number
  /** fan-in / fan-out, for initialisation */
  fanIn: number
  fanOut: number
}

function positiveInt (value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidModelSpecError(`${what} must be a positive integer, got ${String(value)}`)
  }
  return value
}

/**
 * The flat weights layout of a spec: one entry per tensor, in order. Validates the spec and
 * throws `InvalidModelSpecError` where shapes cannot work.
 */
export function weightsLayout (spec: ModelSpec): TensorLayout[] {
  if (spec == null || !Array.isArray(spec.layers) || !Array.isArray(spec.inputShape) || spec.inputShape.length !== 3) {
    throw new InvalidModelSpecError('A model spec needs an inputShape [h, w, c] and a layers array')
  }
  let shape: number[] = spec.inputShape.map((d, i) => positiveInt(d, `inputShape[${i}]`))
  const out: TensorLayout[] = []
  let offset = 0
  const push = (layer: number, type: string, kind: 'kernel' | 'bias', tensorShape: number[], fanIn: number, fanOut: number): void => {
    const size = tensorShape.reduce((a, b) => a * b, 1)
    out.push({ name: `${type}_${layer}/${kind}`, kind, layer, shape: tensorShape, offset, size, fanIn, fanOut })
    offset += size
  }
  spec.layers.forEach((layer, i) => {
    switch (layer.type) {
      case 'conv2d': {
        if (shape.length !== 3) throw new InvalidModelSpecError(`conv2d layer ${i} needs a [h, w, c] input, got [${shape.join(', ')}]`)
        const k = positiveInt(layer.kernelSize, `layers[${i}].kernelSize`)
        const f = positiveInt(layer.filters, `layers[${i}].filters`)
        const s = positiveInt(layer.strides ?? 1, `layers[${i}].strides`)
        const [h, w, c] = shape
        const oh = layer.padding === 'same' ? Math.ceil(h / s) : Math.ceil((h - k + 1) / s)
        const ow = layer.padding === 'same' ? Math.ceil(w / s) : Math.ceil((w - k + 1) / s)
        if (oh < 1 || ow < 1) throw new InvalidModelSpecError(`conv2d layer ${i}: kernel ${k} does not fit input ${h}×${w}`)
        push(i, 'conv2d', 'kernel', [k, k, c, f], k * k * c, k * k * f)
        push(i, 'conv2d', 'bias', [f], k * k * c, k * k * f)
        shape = [oh, ow, f]
        break
      }
      case 'maxPool2d': {
        if (shape.length !== 3) throw new InvalidModelSpecError(`maxPool2d layer ${i} needs a [h, w, c] input`)
        const p = positiveInt(layer.poolSize, `layers[${i}].poolSize`)
        const [h, w, c] = shape
        const oh = Math.floor((h - p) / p) + 1
        const ow = Math.floor((w - p) / p) + 1
        if (oh < 1 || ow < 1) throw new InvalidModelSpecError(`maxPool2d layer ${i}: pool ${p} does not fit input ${h}×${w}`)
        shape = [oh, ow, c]
        break
      }
      case 'flatten':
        shape = [shape.reduce((a, b) => a * b, 1)]
        break
      case 'dense': {
        if (shape.length !== 1) throw new InvalidModelSpecError(`dense layer ${i} needs a flat input: add a flatten layer`)
        const u = positiveInt(layer.units, `layers[${i}].units`)
        push(i, 'dense', 'kernel', [shape[0], u], shape[0], u)
        push(i, 'dense', 'bias', [u], shape[0], u)
        shape = [u]
        break
      }
      default:
        throw new InvalidModelSpecError(`Unknown layer type at layers[${i}]: ${String((layer as { type?: unknown }).type)}`)
    }
  })
  if (shape.length !== 1 || shape[0] !== spec.classes) {
    throw new InvalidModelSpecError(`The last layer must output ${spec.classes} classes, it outputs [${shape.join(', ')}]`)
  }
  return out
}

/** Total number of parameters (length of the flat weights vector). */
export function parameterCount (spec: ModelSpec): number {
  const layout = weightsLayout(spec)
  const last = layout[layout.length - 1]
  return last == null ? 0 : last.offset + last.size
}

/** Number of values in one input sample (h·w·c). */
export function sampleSize (spec: ModelSpec): number {
  return spec.inputShape[0] * spec.inputShape[1] * spec.inputShape[2]
}

/** byte value → model input, a 256-entry table (same on every platform) */
export function inputTable (spec: ModelSpec): Float32Array {
  const mean = spec.normalize?.mean ?? 0
  const std = spec.normalize?.std ?? 1
  return Float32Array.from({ length: 256 }, (_, v) => (v / 255 - mean) / std)
}
