/**
 * tfjs in the worker: core with its gradients, and the webgpu, wasm and cpu backends. The
 * wasm binaries are Vite assets (`?url`): emitted with content hashes into the build, served
 * from our own origin, present in `vite dev` too, never a separate copy step to forget. The
 * missing wasm Conv2DBackpropFilter kernel is registered, and our WGSL kernels for webgpu; WebGPU adapters are described so a
 * software one (SwiftShader, fallback) is known for what it is.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-core/dist/register_all_gradients'
import '@tensorflow/tfjs-backend-cpu'
import '@tensorflow/tfjs-backend-webgpu'
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'
import threadedGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url'
import { BackendUnavailableError } from '#shared/fl/errors.ts'
import type { BackendName } from '#shared/fl/tf.ts'
import { registerWasmConv2DBackpropFilter } from '#shared/fl/wasm-kernels.ts'
import { registerWebGpuKernels } from '#shared/fl/webgpu-kernels.ts'

const absolute = (url: string): string => new URL(url, self.location.href).href
// the unbundled emscripten glue the wasm pthread workers load (see
// patches/@tensorflow+tfjs-backend-wasm+4.22.0.patch: the bundled copy cannot be stringified)
;(globalThis as { __TFJS_WASM_THREADED_MAIN_SCRIPT__?: string }).__TFJS_WASM_THREADED_MAIN_SCRIPT__ = absolute(threadedGlue)
setWasmPaths({
  'tfjs-backend-wasm.wasm': absolute(wasmPlain),
  'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
  'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreadedSimd)
})
registerWasmConv2DBackpropFilter(tf)
registerWebGpuKernels(tf)
tf.enableProdMode()

export interface GpuDescription {
  vendor: string
  architecture: string
  description: string
  software: boolean
}

interface AdapterLike {
  info?: { vendor?: string, architecture?: string, description?: string, device?: string, isFallbackAdapter?: boolean }
  isFallbackAdapter?: boolean
}

let gpu: Promise<GpuDescription | null> | undefined

/** The WebGPU adapter this worker would get, or null where there is none. */
export async function describeGpu (): Promise<GpuDescription | null> {
  gpu ??= (async () => {
    const nav = self.navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }
    if (nav.gpu == null) return null
    try {
      const adapter = await nav.gpu.requestAdapter()
      if (adapter == null) return null
      const info = adapter.info ?? {}
      const vendor = info.vendor ?? ''
      const architecture = info.architecture ?? ''
      const description = info.description ?? info.device ?? ''
      const software = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true ||
        /swiftshader/i.test(`${architecture} ${description}`) || /llvmpipe|lavapipe|software/i.test(description)
      return { vendor, architecture, description, software }
    } catch {
      return null
    }
  })()
  return await gpu
}

/** Backends that can start here, in probe order (cheap ones first). */
export async function availableBackends (): Promise<BackendName[]> {
  const out: BackendName[] = []
  if (typeof WebAssembly === 'object') out.push('wasm')
  out.push('cpu')
  if (await describeGpu() != null) out.push('webgpu')
  return out
}

/** Makes `backend` the active one, or throws BackendUnavailableError. */
export async function useBackend (backend: BackendName): Promise<void> {
  if (tf.getBackend() === backend) return
  let ok: boolean
  try {
    ok = await tf.setBackend(backend)
  } catch {
    ok = false
  }
  if (!ok) throw new BackendUnavailableError(backend, backend === 'webgpu' ? 'WebGPU is not available in this browser (no adapter)' : `The ${backend} backend failed to start`)
  await tf.ready()
}

/** How the wasm backend runs here, e.g. `4 threads, SIMD` (call once wasm is initialised). */
export function describeWasm (): string {
  let threads = 1
  try { threads = getThreadsCount() } catch { /* not initialised */ }
  return threads > 1 ? `${threads} threads + SIMD` : self.crossOriginIsolated ? 'SIMD, 1 thread' : 'SIMD, no threads (not cross-origin isolated)'
}

/** A key for the probe cache: what makes measurements differ between machines. */
export async function deviceKey (): Promise<string> {
  const g = await describeGpu()
  const nav = self.navigator
  return [nav.userAgent, nav.hardwareConcurrency, self.crossOriginIsolated ? 'coi' : 'no-coi',
    g == null ? 'no-gpu' : `${g.vendor}/${g.architecture}/${g.description}`].join('|')
}

export { tf }
