import { describe, expect, it } from 'vitest'
import { chooseBackend, describeProbe } from './probe.ts'
import type { ProbeResult } from './probe.ts'

const probe = (p: Partial<ProbeResult> & Pick<ProbeResult, 'backend' | 'samplesPerSec'>): ProbeResult =>
  ({ warmupMs: 100, steps: 5, batchSize: 10, timedOut: false, ...p })

describe('chooseBackend', () => {
  it('picks the fastest measurement', () => {
    const choice = chooseBackend([probe({ backend: 'wasm', samplesPerSec: 980 }), probe({ backend: 'cpu', samplesPerSec: 290 }), probe({ backend: 'webgpu', samplesPerSec: 12_000 })])
    expect(choice?.backend).toBe('webgpu')
    expect(choice?.reason).toMatch(/^webgpu is fastest here \(wasm: 980 samples\/s; cpu: 290 samples\/s; webgpu: 12,000 samples\/s\)$/)
  })

  it('ranks a slower software WebGPU adapter below wasm and says why', () => {
    const choice = chooseBackend([probe({ backend: 'wasm', samplesPerSec: 1400 }), probe({ backend: 'webgpu', samplesPerSec: 180, software: true })])
    expect(choice?.backend).toBe('wasm')
    expect(choice?.reason).toContain('webgpu, software adapter: 180 samples/s')
    expect(choice?.reason).toContain('webgpu is a software adapter and measured slower')
  })

  it('lets a software adapter win only on its own measurement', () => {
    expect(chooseBackend([probe({ backend: 'wasm', samplesPerSec: 40 }), probe({ backend: 'webgpu', samplesPerSec: 60, software: true })])?.backend).toBe('webgpu')
  })

  it('never prefers a probe that gave up during warm-up while another one completed', () => {
    const choice = chooseBackend([probe({ backend: 'cpu', samplesPerSec: 2 }), probe({ backend: 'webgpu', samplesPerSec: 5, timedOut: true, steps: 0, warmupMs: 5000 })])
    expect(choice?.backend).toBe('cpu')
    expect(describeProbe(probe({ backend: 'webgpu', samplesPerSec: 2.5, timedOut: true, warmupMs: 4200 }))).toBe('webgpu: ≤ 2.5 samples/s (warm-up 4200 ms, gave up)')
  })

  it('skips backends that failed and returns nothing when none ran', () => {
    expect(chooseBackend([probe({ backend: 'webgpu', samplesPerSec: 0, error: 'no adapter' }), probe({ backend: 'cpu', samplesPerSec: 3 })])?.backend).toBe('cpu')
    expect(chooseBackend([probe({ backend: 'webgpu', samplesPerSec: 0, error: 'no adapter' })])).toBeUndefined()
  })
})
