/**
 * The contributor's limits and the decisions they imply. Pure: the platform
 * supplies what it knows of the device (charging, metered network), and
 * `undefined` means the browser does not say — which never blocks.
 */
import { InvalidParametersError } from '../errors.ts'
import type { HourlyByteMeter } from './byte-meter.ts'

export interface ContributionSettings {
  /** Stop taking part in rounds. @default false */
  paused: boolean
  /** Largest share of wall time spent training, 0.1–1. @default 1 */
  maxTrainingShare: number
  /** Train only while the device charges (Battery Status API). @default false */
  onlyWhenCharging: boolean
  /** Train and transfer only on unmetered networks (Network Information API). @default false */
  onlyUnmetered: boolean
  /** Hourly data cap in MB (sent + received by vAIn protocols), 0 = no cap. @default 0 */
  hourlyCapMB: number
}

export const DEFAULT_SETTINGS: ContributionSettings = {
  paused: false,
  maxTrainingShare: 1,
  onlyWhenCharging: false,
  onlyUnmetered: false,
  hourlyCapMB: 0
}

export const MAX_HOURLY_CAP_MB = 100_000

/** Validates untrusted (stored or imported) settings, filling defaults. */
export function validateSettings (input: unknown): ContributionSettings {
  if (input == null || typeof input !== 'object') return { ...DEFAULT_SETTINGS }
  const s = { ...DEFAULT_SETTINGS, ...(input as Partial<ContributionSettings>) }
  for (const key of ['paused', 'onlyWhenCharging', 'onlyUnmetered'] as const) {
    if (typeof s[key] !== 'boolean') throw new InvalidParametersError(`${key} must be true or false`)
  }
  if (typeof s.maxTrainingShare !== 'number' || !(s.maxTrainingShare >= 0.1 && s.maxTrainingShare <= 1)) {
    throw new InvalidParametersError('maxTrainingShare must be between 0.1 and 1')
  }
  if (typeof s.hourlyCapMB !== 'number' || !(s.hourlyCapMB >= 0 && s.hourlyCapMB <= MAX_HOURLY_CAP_MB)) {
    throw new InvalidParametersError(`hourlyCapMB must be between 0 and ${MAX_HOURLY_CAP_MB}`)
  }
  return {
    paused: s.paused,
    maxTrainingShare: s.maxTrainingShare,
    onlyWhenCharging: s.onlyWhenCharging,
    onlyUnmetered: s.onlyUnmetered,
    hourlyCapMB: s.hourlyCapMB
  }
}

export interface DeviceConditions {
  /** Battery charging; undefined when the browser does not say */
  charging?: boolean
  /** Network metered (cellular or save-data); undefined when unknown */
  metered?: boolean
}

export type Refusal = 'paused' | 'not-charging' | 'metered-network' | 'data-cap'

export type Decision = { ok: true } | { ok: false, reason: Refusal, message: string }

const OK: Decision = { ok: true }

/** May the node train now? */
export function mayTrain (settings: ContributionSettings, device: DeviceConditions): Decision {
  if (settings.paused) return { ok: false, reason: 'paused', message: 'Paused in settings.' }
  if (settings.onlyWhenCharging && device.charging === false) return { ok: false, reason: 'not-charging', message: 'Waiting for the device to charge (Settings: only when charging).' }
  if (settings.onlyUnmetered && device.metered === true) return { ok: false, reason: 'metered-network', message: 'On a metered network (Settings: only unmetered).' }
  return OK
}

/** May the node move `bytes` (an update upload, a model download) now? */
export function mayTransfer (settings: ContributionSettings, device: DeviceConditions, meter: HourlyByteMeter, bytes: number, nowMs: number): Decision {
  if (settings.paused) return { ok: false, reason: 'paused', message: 'Paused in settings.' }
  if (settings.onlyUnmetered && device.metered === true) return { ok: false, reason: 'metered-network', message: 'On a metered network (Settings: only unmetered).' }
  const cap = settings.hourlyCapMB * 1e6
  if (!meter.allows(bytes, cap, nowMs)) {
    const used = meter.usage(nowMs)
    return {
      ok: false,
      reason: 'data-cap',
      message: `Hourly data cap reached: ${fmtMB(used.sent + used.received)} used of ${fmtMB(cap)}, this transfer needs ${fmtMB(bytes)}.`
    }
  }
  return OK
}

/** How long to rest after a training burst of `trainedMs` to respect `maxTrainingShare`. */
export function restAfter (settings: ContributionSettings, trainedMs: number): number {
  return Math.round(trainedMs * (1 / settings.maxTrainingShare - 1))
}

function fmtMB (bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e6 ? 3 : 1)} MB`
}
