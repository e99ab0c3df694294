/** What this browser offers, as announced in the signed hello. */
import type { Capabilities, WebGpuInfo } from '#shared/protocol/hello.ts'

interface GpuAdapterInfoLike { vendor?: string, architecture?: string, device?: string, description?: string, isFallbackAdapter?: boolean }
interface GpuAdapterLike { info?: GpuAdapterInfoLike, isFallbackAdapter?: boolean }
interface GpuLike { requestAdapter(): Promise<GpuAdapterLike | null> }

export async function webGpuInfo (): Promise<WebGpuInfo | undefined> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu
  if (gpu == null) return undefined
  try {
    const adapter = await gpu.requestAdapter()
    if (adapter == null) return undefined
    const info = adapter.info ?? {}
    return {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
      isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false
    }
  } catch {
    return undefined
  }
}

export async function browserCapabilities (): Promise<Capabilities> {
  return {
    webgpu: await webGpuInfo(),
    hardwareConcurrency: navigator.hardwareConcurrency ?? 0,
    deviceMemoryGib: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? 0,
    userAgent: navigator.userAgent
  }
}
