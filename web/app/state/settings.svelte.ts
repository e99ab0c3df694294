/**
 * Contribution settings (persisted) and what the browser tells about the
 * device: charging (Battery Status API) and metered network (Network
 * Information API). Where an API is missing the value stays undefined and
 * the settings page says the browser does not tell.
 */
import { DEFAULT_SETTINGS, mayTrain } from '#shared/node/policy.ts'
import type { ContributionSettings, Decision, DeviceConditions } from '#shared/node/policy.ts'
import { loadSettings, saveSettings } from '../../storage/settings.ts'

interface BatteryLike extends EventTarget { charging: boolean }
interface ConnectionLike extends EventTarget { saveData?: boolean, type?: string, metered?: boolean }

export class SettingsState {
  settings = $state<ContributionSettings>({ ...DEFAULT_SETTINGS })
  device = $state<DeviceConditions>({})
  batteryApi = $state(false)
  networkApi = $state(false)
  loaded = $state(false)
  error = $state<string | null>(null)

  async load (): Promise<void> {
    this.settings = await loadSettings()
    this.loaded = true
    await this.watchDevice()
  }

  async update (patch: Partial<ContributionSettings>): Promise<void> {
    const next = { ...this.settings, ...patch }
    try {
      await saveSettings(next)
      this.settings = next
      this.error = null
    } catch (err) {
      this.error = (err as Error).message
    }
  }

  get training (): Decision {
    return mayTrain(this.settings, this.device)
  }

  private async watchDevice (): Promise<void> {
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryLike>, connection?: ConnectionLike }
    if (typeof nav.getBattery === 'function') {
      try {
        const battery = await nav.getBattery()
        this.batteryApi = true
        const read = (): void => { this.device = { ...this.device, charging: battery.charging } }
        battery.addEventListener('chargingchange', read)
        read()
      } catch {
        // not offered here (e.g. insecure context or a privacy setting)
      }
    }
    const conn = nav.connection
    if (conn != null) {
      this.networkApi = true
      const read = (): void => {
        const metered = conn.metered ?? (conn.saveData === true || conn.type === 'cellular' ? true : (conn.type != null ? false : undefined))
        this.device = { ...this.device, metered }
      }
      conn.addEventListener('change', read)
      read()
    }
  }
}
