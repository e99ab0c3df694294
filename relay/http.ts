/**
 * The relay's HTTP server: the built PWA (with COOP/COEP so tfjs gets threaded
 * wasm), data shards under /data/, the REST API under /api/, and /metrics.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { existsSync } from 'node:fs'
import sirv from 'sirv'
import { logger } from '@libp2p/logger'

const log = logger('vain:relay:http')

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>

export interface HttpServerInit {
  webDir: string
  dataAssetsDir: string
  /** Exact paths (e.g. '/api/status') → handler */
  routes: Record<string, ApiHandler>
  /** Path prefixes (e.g. '/api/model/') → handler */
  prefixRoutes?: Record<string, ApiHandler>
}

const SECURITY_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff'
}

export function sendJson (res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}

export function createHttpServer (init: HttpServerInit): Server {
  const setHeaders = (res: ServerResponse, pathname: string): void => {
    // the service worker and the app shell must be revalidated so updates arrive
    if (/^\/sw\.m?js$/.test(pathname) || pathname.endsWith('.html') || pathname === '/manifest.webmanifest') {
      res.setHeader('Cache-Control', 'no-cache')
    }
  }
  const web = existsSync(init.webDir)
    ? sirv(init.webDir, { single: true, etag: true, gzip: true, brotli: true, setHeaders, extensions: ['html'] })
    : null
  const data = existsSync(init.dataAssetsDir) ? sirv(init.dataAssetsDir, { etag: true, dev: false }) : null

  return createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://relay')
    } catch {
      sendJson(res, 400, { error: 'BadRequest', message: 'malformed URL' })
      return
    }
    const route = init.routes[url.pathname] ?? Object.entries(init.prefixRoutes ?? {}).find(([p]) => url.pathname.startsWith(p))?.[1]
    if (route != null) {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
        sendJson(res, 405, { error: 'MethodNotAllowed' })
        return
      }
      Promise.resolve(route(req, res, url)).catch(err => {
        log.error('handler %s failed - %e', url.pathname, err)
        if (!res.headersSent) sendJson(res, 500, { error: 'InternalError', message: (err as Error).message })
        else res.destroy()
      })
      return
    }
    if (url.pathname.startsWith('/api/')) {
      sendJson(res, 404, { error: 'NotFound', message: `no API route ${url.pathname}` })
      return
    }
    if (url.pathname.startsWith('/data/')) {
      if (data == null) {
        sendJson(res, 404, { error: 'NotFound', message: 'no data shards built (run npm run build)' })
        return
      }
      req.url = req.url!.slice('/data'.length)
      data(req, res, () => sendJson(res, 404, { error: 'NotFound', message: 'no such data file' }))
      return
    }
    if (web == null) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(`The PWA is not built (no ${init.webDir}). Run: npm run build\n`)
      return
    }
    web(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('not found\n')
    })
  })
}
