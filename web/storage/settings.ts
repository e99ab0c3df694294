/** Contribution settings persisted in IndexedDB, validated on the way in and out. */
import { DEFAULT_SETTINGS, validateSettings } from '#shared/node/policy.ts'
import type { ContributionSettings } from '#shared/node/policy.ts'
import { getDb } from './db.ts'

const SETTINGS_KEY = 'settings/contribution'

export async function loadSettings (): Promise<ContributionSettings> {
  const db = await getDb()
  try {
    return validateSettings(await db.get('kv', SETTINGS_KEY))
  } catch {
    return { ...DEFAULT_SETTINGS }
  }
}

export async function saveSettings (settings: ContributionSettings): Promise<void> {
  const db = await getDb()
  await db.put('kv', validateSettings(settings), SETTINGS_KEY)
}
