import { describe, it, expect } from 'vitest'
import { HourlyByteMeter, MINUTE_MS, HOUR_MS } from './byte-meter.ts'
import { DEFAULT_SETTINGS, mayTrain, mayTransfer, restAfter, validateSettings } from './policy.ts'

const T0 = 1_800_000_000_000

describe('HourlyByteMeter', () => {
  it('sums the last hour and forgets older minutes', () => {
    const m = new HourlyByteMeter()
    m.record('sent', 1000, T0)
    m.record('received', 500, T0 + 30 * MINUTE_MS)
    expect(m.usage(T0 + 59 * MINUTE_MS)).toEqual({ sent: 1000, received: 500 })
    expect(m.usage(T0 + HOUR_MS + MINUTE_MS)).toEqual({ sent: 0, received: 500 })
    expect(m.usage(T0 + 2 * HOUR_MS)).toEqual({ sent: 0, received: 0 })
  })

  it('reuses a slot for a new minute without carrying old bytes', () => {
    const m = new HourlyByteMeter()
    m.record('sent', 7, T0)
    m.record('sent', 3, T0 + HOUR_MS)
    expect(m.usage(T0 + HOUR_MS)).toEqual({ sent: 3, received: 0 })
  })

  it('refuses negative or non-finite byte counts', () => {
    expect(() => { new HourlyByteMeter().record('sent', -1, T0) }).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => { new HourlyByteMeter().record('sent', Number.NaN, T0) }).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
  })
})

describe('contribution policy', () => {
  it('validates settings and fills defaults', () => {
    expect(validateSettings(undefined)).toEqual(DEFAULT_SETTINGS)
    expect(validateSettings({ hourlyCapMB: 5 })).toEqual({ ...DEFAULT_SETTINGS, hourlyCapMB: 5 })
    expect(() => validateSettings({ maxTrainingShare: 0 })).toThrow(/maxTrainingShare/)
    expect(() => validateSettings({ hourlyCapMB: -1 })).toThrow(/hourlyCapMB/)
    expect(() => validateSettings({ paused: 'yes' })).toThrow(/paused/)
  })

  it('blocks training when paused, not charging or metered, only when asked to', () => {
    expect(mayTrain(DEFAULT_SETTINGS, { charging: false, metered: true })).toEqual({ ok: true })
    expect(mayTrain({ ...DEFAULT_SETTINGS, paused: true }, {})).toMatchObject({ ok: false, reason: 'paused' })
    expect(mayTrain({ ...DEFAULT_SETTINGS, onlyWhenCharging: true }, { charging: false })).toMatchObject({ ok: false, reason: 'not-charging' })
    // the browser does not say: do not block
    expect(mayTrain({ ...DEFAULT_SETTINGS, onlyWhenCharging: true, onlyUnmetered: true }, {})).toEqual({ ok: true })
    expect(mayTrain({ ...DEFAULT_SETTINGS, onlyUnmetered: true }, { metered: true })).toMatchObject({ ok: false, reason: 'metered-network' })
  })

  it('refuses a transfer that would exceed the hourly cap and says by how much', () => {
    const m = new HourlyByteMeter()
    const s = { ...DEFAULT_SETTINGS, hourlyCapMB: 1 }
    m.record('received', 900_000, T0)
    expect(mayTransfer(s, {}, m, 100_000, T0)).toEqual({ ok: true })
    const d = mayTransfer(s, {}, m, 100_001, T0)
    expect(d).toMatchObject({ ok: false, reason: 'data-cap' })
    expect(d.ok ? '' : d.message).toContain('0.900 MB used of 1.0 MB')
    // a cap of 0 means none
    expect(mayTransfer(DEFAULT_SETTINGS, {}, m, 1e12, T0)).toEqual({ ok: true })
  })

  it('rests in proportion to the allowed training share', () => {
    expect(restAfter(DEFAULT_SETTINGS, 1000)).toBe(0)
    expect(restAfter({ ...DEFAULT_SETTINGS, maxTrainingShare: 0.25 }, 1000)).toBe(3000)
  })
})
