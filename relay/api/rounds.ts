/**
 * The round API: GET /api/task, GET /api/rounds, GET /api/model/<cid>/chunk/<i>
 * (binary chunk + Merkle proof) and the server-sent events at /api/events.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Supernode } from '../fl/supernode.ts'
import { sendJson } from '../http.ts'
import type { ApiHandler } from '../http.ts'

/** SSE clients held at once; more are refused with 503. */
export const MAX_SSE_CLIENTS = 1000
const SSE_HEARTBEAT_MS = 15_000

export function roundRoutes (supernode: Supernode | undefined): { exact: Record<string, ApiHandler>, prefix: Record<string, ApiHandler> } {
  const clients = new Set<ServerResponse>()
  if (supernode != null) {
    const send = (event: string, data: unknown): void => {
      const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
      for (const res of clients) res.write(text)
    }
    supernode.addEventListener('round', e => { send('round', e.detail) })
    supernode.addEventListener('announce', e => { send('status', e.detail) })
    supernode.addEventListener('status', e => { send('status', e.detail) })
    setInterval(() => { for (const res of clients) res.write(': keep-alive\n\n') }, SSE_HEARTBEAT_MS).unref()
  }
  const none = (res: ServerResponse): void => { sendJson(res, 404, { error: 'NotFound', message: 'this relay does not coordinate a task (--no-coordinator)' }) }

  return {
    exact: {
      '/api/task': (_req, res) => { if (supernode == null) none(res); else sendJson(res, 200, supernode.info) },
      '/api/rounds': (_req, res, url) => {
        if (supernode == null) { none(res); return }
        const limit = Math.min(10_000, Math.max(1, Number(url.searchParams.get('limit') ?? 1000) || 1000))
        sendJson(res, 200, { taskId: supernode.task.id, candidates: supernode.candidates().length, status: supernode.status(), rounds: supernode.rounds().slice(-limit) })
      },
      '/api/events': (req: IncomingMessage, res: ServerResponse) => {
        if (supernode == null) { none(res); return }
        if (clients.size >= MAX_SSE_CLIENTS) { sendJson(res, 503, { error: 'TooManyClients' }); return }
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
        res.write(`event: status\ndata: ${JSON.stringify(supernode.status())}\n\n`)
        clients.add(res)
        req.on('close', () => { clients.delete(res) })
      }
    },
    prefix: {
      '/api/model/': (_req, res, url) => {
        if (supernode == null) { none(res); return }
        const m = /^\/api\/model\/([a-z0-9]{10,100})\/chunk\/(\d{1,6})$/.exec(url.pathname)
        const frame = m == null ? undefined : supernode.chunk(m[1], Number(m[2]))
        if (frame == null) { sendJson(res, 404, { error: 'NotFound', message: 'no such model chunk' }); return }
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': frame.byteLength, 'Cache-Control': 'public, max-age=31536000, immutable' })
        res.end(frame)
      }
    }
  }
}
