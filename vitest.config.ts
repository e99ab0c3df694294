import { defineConfig } from 'vitest/config'
import { swiftShaderEnv } from './relay/fl/swiftshader-env.ts'

// WebGPU tests run tfjs on Dawn (npm `webgpu`) over SwiftShader's Vulkan driver, both shipped in
// Debian's chromium (relay/fl/swiftshader-env.ts); workers inherit this environment.
Object.assign(process.env, swiftShaderEnv())

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'relay/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**', 'contracts/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
