/**
 * The browser's data source: the relay's /data/mnist/ files, verified against the manifest's
 * sha2-256 before use and kept in Cache Storage (keyed by the content-named URL, so a cached
 * file is never stale). A file that fails its hash is reported, fetched again bypassing the
 * HTTP cache, and refused with `DataIntegrityError` if it fails again.
 */
import { parseManifest, sha256Hex } from '#shared/fl/dataset.ts'
import type { DataFileEntry, DataSource, DatasetManifest } from '#shared/fl/dataset.ts'
import { DataIntegrityError, InvalidDataError } from '#shared/fl/errors.ts'
import type { WorkerNotice } from './api.ts'

export interface HttpDataSourceInit {
  /** @default '/data/mnist/' */
  baseUrl?: string
  /** @default 'vain-data-v1' */
  cacheName?: string
  onNotice?: (notice: WorkerNotice) => void
}

const DEFAULT_BASE_URL = '/data/mnist/'
const DEFAULT_CACHE = 'vain-data-v1'
const FETCH_ATTEMPTS = 2
const KEEP_IN_MEMORY_BYTES = 1_000_000

async function openCache (name: string): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(name)
  } catch {
    return undefined
  }
}

export function createHttpDataSource (init: HttpDataSourceInit = {}): DataSource {
  const base = new URL(init.baseUrl ?? DEFAULT_BASE_URL, self.location.href)
  const cacheName = init.cacheName ?? DEFAULT_CACHE
  const notice = init.onNotice ?? (() => {})
  const memory = new Map<string, Promise<Uint8Array>>()
  let manifest: Promise<DatasetManifest> | undefined

  async function fetchManifest (signal?: AbortSignal): Promise<DatasetManifest> {
    const url = new URL('manifest.json', base)
    const cache = await openCache(cacheName)
    try {
      const res = await fetch(url, { cache: 'no-cache', signal })
      if (!res.ok) throw new InvalidDataError(`Data manifest: HTTP ${res.status} from ${url.pathname}`)
      const text = await res.text()
      const parsed = parseManifest(JSON.parse(text))
      await cache?.put(url, new Response(text, { headers: { 'Content-Type': 'application/json' } }))
      return parsed
    } catch (err) {
      // offline: the last manifest we verified files against
      const cached = await cache?.match(url)
      if (cached == null) throw err
      return parseManifest(await cached.json())
    }
  }

  async function fetchFile (entry: DataFileEntry, signal?: AbortSignal): Promise<Uint8Array> {
    const url = new URL(entry.path, base)
    const cache = await openCache(cacheName)
    const hit = await cache?.match(url)
    if (hit != null) {
      const bytes = new Uint8Array(await hit.arrayBuffer())
      if (await sha256Hex(bytes) === entry.sha256) return bytes
      notice({ kind: 'cache-corrupt', message: `Cached ${entry.path} failed its sha2-256 check; fetching it again.` })
      await cache?.delete(url)
    }
    let last: DataIntegrityError | undefined
    for (let attempt = 1; attempt <= FETCH_ATTEMPTS; attempt++) {
      const res = await fetch(url, { cache: attempt === 1 ? 'default' : 'reload', signal })
      if (!res.ok) throw new InvalidDataError(`Data file ${entry.path}: HTTP ${res.status}`)
      const bytes = new Uint8Array(await res.arrayBuffer())
      const actual = await sha256Hex(bytes)
      if (actual === entry.sha256) {
        await cache?.put(url, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }))
        return bytes
      }
      last = new DataIntegrityError(entry.path, entry.sha256, actual)
      notice({
        kind: 'hash-mismatch',
        message: attempt < FETCH_ATTEMPTS
          ? `${last.message} — refused; fetching it again.`
          : `${last.message} — refused again; giving up.`
      })
    }
    throw last!
  }

  return {
    async manifest (options = {}) {
      manifest ??= fetchManifest(options.signal)
      manifest.catch(() => { manifest = undefined })
      return await manifest
    },
    async file (entry, options = {}) {
      let p = memory.get(entry.sha256)
      if (p == null) {
        p = fetchFile(entry, options.signal)
        memory.set(entry.sha256, p)
        // keep small files (labels) in memory; big image chunks only while in flight
        p.then(() => { if (entry.bytes > KEEP_IN_MEMORY_BYTES) memory.delete(entry.sha256) }, () => memory.delete(entry.sha256))
      }
      return await p
    }
  }
}
