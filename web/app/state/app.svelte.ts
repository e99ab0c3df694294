/**
 * App-level state: the current view, online/offline, the service-worker
 * update prompt and the build this page runs.
 */
export type View = 'overview' | 'network' | 'training' | 'settings' | 'relay'

export const VIEWS: Array<{ id: View, label: string }> = [
  { id: 'overview', label: 'Overview' },
  { id: 'network', label: 'Network' },
  { id: 'training', label: 'Training' },
  { id: 'settings', label: 'Settings' },
  { id: 'relay', label: 'Relay' }
]

function viewFromLocation (): View {
  const fromHash = location.hash.replace(/^#\/?/, '')
  if (VIEWS.some(v => v.id === fromHash)) return fromHash as View
  if (location.pathname.replace(/\/$/, '') === '/relay') return 'relay'
  return 'overview'
}

export class AppState {
  view = $state<View>(viewFromLocation())
  online = $state(navigator.onLine)
  updateAvailable = $state(false)
  readonly version = __APP_VERSION__
  readonly buildId = __BUILD_ID__
  private applyUpdate?: () => Promise<void>

  constructor () {
    addEventListener('hashchange', () => { this.view = viewFromLocation() })
    addEventListener('online', () => { this.online = true })
    addEventListener('offline', () => { this.online = false })
  }

  offerUpdate (apply: () => Promise<void>): void {
    this.applyUpdate = apply
    this.updateAvailable = true
  }

  async update (): Promise<void> {
    await this.applyUpdate?.()
  }
}
