/**
 * The page side of the training worker: starts it and wraps it with Comlink.
 */
import * as Comlink from 'comlink'
import { registerAbortSignalTransfer } from './abort-transfer.ts'
import type { TrainingWorkerApi } from './api.ts'

export type TrainingClient = Comlink.Remote<TrainingWorkerApi> & { terminate(): void }

export function createTrainingClient (): TrainingClient {
  registerAbortSignalTransfer()
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'vain-training' })
  const remote = Comlink.wrap<TrainingWorkerApi>(worker)
  return new Proxy(remote, {
    get (target, prop, receiver) {
      if (prop === 'terminate') return () => { target[Comlink.releaseProxy](); worker.terminate() }
      return Reflect.get(target, prop, receiver)
    }
  }) as TrainingClient
}

export { Comlink }
