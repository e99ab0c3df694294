/**
 * The tfjs namespace is injected, never imported at run time from shared/: each platform
 * (the browser worker, Node) imports `@tensorflow/tfjs-core` with the backends it has and
 * passes it in. Only types come from the package here.
 */
import type * as tfc from '@tensorflow/tfjs-core'

export type Tf = typeof tfc
export type Tensor = tfc.Tensor
export type Variable = tfc.Variable
export type Scalar = tfc.Scalar

/** Backends a node can train on, best-first on a machine with a real GPU. */
export type BackendName = 'webgpu' | 'wasm' | 'cpu'
export const BACKENDS: readonly BackendName[] = ['webgpu', 'wasm', 'cpu']

export function isBackendName (value: unknown): value is BackendName {
  return value === 'webgpu' || value === 'wasm' || value === 'cpu'
}
