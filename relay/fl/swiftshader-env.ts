/**
 * Where no GPU driver is named (`VK_DRIVER_FILES` / `VK_ICD_FILENAMES`), Dawn can run on
 * SwiftShader: Debian's chromium ships both the Vulkan loader and that driver. Returns the
 * variables to add to a process's environment for it, or undefined (a driver is named, or no
 * chromium). The loader path must be set before the process starts, so callers pass these to a
 * child process (vitest workers, the benches' re-exec).
 */
import { existsSync } from 'node:fs'

const CHROMIUM_LIB = '/usr/lib/chromium'

export function swiftShaderEnv (env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  if (env.VK_DRIVER_FILES != null || env.VK_ICD_FILENAMES != null || !existsSync(`${CHROMIUM_LIB}/libvulkan.so.1`)) return undefined
  return {
    LD_LIBRARY_PATH: [env.LD_LIBRARY_PATH, CHROMIUM_LIB].filter(Boolean).join(':'),
    VK_ICD_FILENAMES: `${CHROMIUM_LIB}/vk_swiftshader_icd.json`,
    XDG_RUNTIME_DIR: env.XDG_RUNTIME_DIR ?? '/tmp'
  }
}
