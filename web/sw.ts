/**
 * The service worker (Workbox, injectManifest): precaches the app shell and
 * the tfjs wasm binaries so the dashboard starts offline, serves index.html
 * for navigations, and never caches the live API. A new version waits until
 * the page asks it to take over (the "update available" prompt).
 */
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { clientsClaim } from 'workbox-core'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string, revision: string | null }> }

cleanupOutdatedCaches()
precacheAndRoute(self.__WB_MANIFEST)
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), {
  denylist: [/^\/api\//, /^\/metrics/, /^\/data\//]
}))

// the first install controls the open page at once; later versions wait for SKIP_WAITING
clientsClaim()

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})
