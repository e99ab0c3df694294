/**
 * tfjs-backend-webgpu in Node through Dawn (the `webgpu` npm package, a dev dependency: tests
 * and benches only). `navigator.gpu` must exist before the backend module loads, so it is
 * imported here, after the shim. Without a GPU, Dawn runs on SwiftShader's Vulkan driver
 * (shipped in Debian's chromium): `vitest.config.ts` points the loader at it. On a machine
 * with a GPU, set `VK_DRIVER_FILES` / `VK_ICD_FILENAMES` to its driver (shared/TOOLCHAIN.md).
 */
import { create, globals } from 'webgpu'
import { BackendUnavailableError } from '#shared/fl/errors.ts'
import type { Tf } from '#shared/fl/tf.ts'
import { registerWebGpuKernels } from '#shared/fl/webgpu-kernels.ts'
import { tf, useNodeBackend } from './node-tf.ts'

let ready: Promise<void> | undefined

export interface NodeGpu {
  tf: Tf
  /** the adapter's vendor / architecture / description, e.g. `google/swiftshader/…` */
  adapter: string
}

/** Installs Dawn as `navigator.gpu`, loads the tfjs webgpu backend with our kernels and switches to it. */
export async function useNodeWebGpu (): Promise<NodeGpu> {
  ready ??= (async () => {
    Object.assign(globalThis, globals)
    const nav = (globalThis as { navigator?: object }).navigator ?? {}
    Object.defineProperty(nav, 'gpu', { value: create([]), configurable: true })
    if ((globalThis as { navigator?: object }).navigator == null) Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true })
    await import('@tensorflow/tfjs-backend-webgpu')
    registerWebGpuKernels(tf)
  })()
  await ready
  try {
    await useNodeBackend('webgpu')
  } catch {
    throw new BackendUnavailableError('webgpu', 'Dawn found no WebGPU adapter (no Vulkan loader or driver: see relay/fl/node-webgpu.ts)')
  }
  const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<{ info: { vendor: string, architecture: string, description: string } } | null> } } }).navigator.gpu
  const info = (await gpu.requestAdapter())?.info
  return { tf, adapter: info == null ? 'unknown' : [info.vendor, info.architecture, info.description].filter(s => s !== '').join(' / ') }
}
