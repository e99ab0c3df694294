/**
 * The two MNIST models of the FedAvg paper (McMahan et al. 2017, "Communication-Efficient
 * Learning of Deep Networks from Decentralized Data", §3):
 * - CNN: 5×5 conv 32 → 2×2 max-pool → 5×5 conv 64 → 2×2 max-pool → dense 512 ReLU → softmax 10
 *   (1,663,370 parameters; 'same' padding, as in the paper's TensorFlow code);
 * - 2NN: 784-200-200-10 with ReLU (199,210 parameters).
 * Inputs are standardised with MNIST's pixel mean and deviation (a standard step the paper
 * does not spell out; it lifts one epoch of the 2NN on 6,000 digits by ~1 point).
 */
import type { ModelSpec } from './model-spec.ts'

/** mean and standard deviation of MNIST training pixels scaled to 0–1 */
export const MNIST_NORMALIZE = { mean: 0.1307, std: 0.3081 }

export const MNIST_CNN: ModelSpec = {
  id: 'mnist-cnn',
  name: 'FedAvg CNN (MNIST)',
  inputShape: [28, 28, 1],
  classes: 10,
  normalize: MNIST_NORMALIZE,
  layers: [
    { type: 'conv2d', filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'conv2d', filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 512, activation: 'relu' },
    { type: 'dense', units: 10, activation: 'softmax' }
  ],
  init: { scheme: 'glorot-uniform', seed: 1 }
}

export const MNIST_2NN: ModelSpec = {
  id: 'mnist-2nn',
  name: 'FedAvg 2NN (MNIST)',
  inputShape: [28, 28, 1],
  classes: 10,
  normalize: MNIST_NORMALIZE,
  layers: [
    { type: 'flatten' },
    { type: 'dense', units: 200, activation: 'relu' },
    { type: 'dense', units: 200, activation: 'relu' },
    { type: 'dense', units: 10, activation: 'softmax' }
  ],
  init: { scheme: 'glorot-uniform', seed: 1 }
}

/** The models a task may name, by id. */
export const PAPER_MODELS: Readonly<Record<string, ModelSpec>> = Object.freeze({
  [MNIST_CNN.id]: MNIST_CNN,
  [MNIST_2NN.id]: MNIST_2NN
})
