/**
 * The Node platform adapter of the training engine: tfjs-core with the cpu and wasm
 * backends (tfjs-node cannot install offline), the wasm Conv2DBackpropFilter kernel
 * registered, and a Trainer that yields with setImmediate. Used by the relay (evaluation),
 * the simulator, tests and bench/train.ts.
 */
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { BackendUnavailableError } from '#shared/fl/errors.ts'
import type { BackendName, Tf } from '#shared/fl/tf.ts'
import { Trainer } from '#shared/fl/trainer.ts'
import type { TrainerInit } from '#shared/fl/trainer.ts'
import { registerWasmConv2DBackpropFilter } from '#shared/fl/wasm-kernels.ts'

registerWasmConv2DBackpropFilter(tf)
// production mode: no debug checks, and no 'install tfjs-node' banner (it cannot install offline)
tf.enableProdMode()

/** Switches tfjs to `backend` (wasm by default; webgpu needs a GPU shim, see bench/). */
export async function useNodeBackend (backend: BackendName = 'wasm'): Promise<Tf> {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend)
    if (!ok) throw new BackendUnavailableError(backend)
  }
  await tf.ready()
  return tf
}

export const yieldWithSetImmediate = async (): Promise<void> => { await new Promise(resolve => setImmediate(resolve)) }

export function createNodeTrainer (init: Partial<TrainerInit> = {}): Trainer {
  return new Trainer({ tf, yieldToEventLoop: yieldWithSetImmediate, ...init })
}

export { tf }
