/** Service-worker registration and the "update available — reload" prompt. */
import { registerSW } from 'virtual:pwa-register'
import type { AppState } from './state/app.svelte.ts'

/** How often an open page checks for a new version. */
const UPDATE_CHECK_MS = 60 * 60 * 1000

export function registerPwa (app: AppState): void {
  if (!('serviceWorker' in navigator)) return
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh () {
      app.offerUpdate(async () => {
        // reload once the new worker controls the page (workbox-window's own
        // reload waits for an `isUpdate` flag it does not always set)
        navigator.serviceWorker.addEventListener('controllerchange', () => { location.reload() }, { once: true })
        await updateSW(false)
      })
    },
    onRegisteredSW (_url, registration) {
      if (registration == null) return
      setInterval(() => { void registration.update() }, UPDATE_CHECK_MS)
    }
  })
}
