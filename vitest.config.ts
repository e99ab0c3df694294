import { existsSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

// WebGPU tests run tfjs on Dawn (npm `webgpu`) over SwiftShader's Vulkan driver, both shipped in
// Debian's chromium. The loader path must be in the environment before a worker starts.
const CHROMIUM_LIB = '/usr/lib/chromium'
if (existsSync(`${CHROMIUM_LIB}/libvulkan.so.1`)) {
  process.env.LD_LIBRARY_PATH = [process.env.LD_LIBRARY_PATH, CHROMIUM_LIB].filter(Boolean).join(':')
  process.env.VK_ICD_FILENAMES ??= `${CHROMIUM_LIB}/vk_swiftshader_icd.json`
  process.env.XDG_RUNTIME_DIR ??= '/tmp'
}

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'relay/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**', 'contracts/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
