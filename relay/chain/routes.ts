/**
 * The rewards API: GET /api/rewards/<peerId> (the node's amount and proof per closed epoch),
 * POST /api/rewards/account (a node's signed payout account), GET /api/epochs (closed epochs)
 * and POST /api/epochs/close (operators, loopback only). Without --chain-rpc each answers
 * 404 ChainNotConfigured. Bigints are decimal strings.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { peerIdFromString } from '@libp2p/peer-id'
import { bigintReplacer } from '#shared/rewards/index.ts'
import type { PayoutRegistration } from '#shared/rewards/index.ts'
import { sendJson } from '../http.ts'
import type { ApiHandler } from '../http.ts'
import type { EpochRewards } from './epoch-rewards.ts'
import { BadRegistrationError, EmptyEpochError } from './errors.ts'

/** Largest body POST /api/rewards/account reads. */
export const MAX_REGISTRATION_BYTES = 4 * 1024

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

function send (res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, JSON.parse(JSON.stringify(body, bigintReplacer)))
}

function method (req: IncomingMessage, res: ServerResponse, allowed: 'GET' | 'POST'): boolean {
  const ok = allowed === 'GET' ? req.method === 'GET' || req.method === 'HEAD' : req.method === 'POST'
  if (!ok) {
    res.setHeader('Allow', allowed === 'GET' ? 'GET, HEAD' : 'POST')
    sendJson(res, 405, { error: 'MethodNotAllowed', message: `use ${allowed}` })
  }
  return ok
}

async function readJson (req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength
    if (size > limit) throw new BadRegistrationError(`body over ${limit} bytes`)
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new BadRegistrationError('body is not JSON')
  }
}

export function rewardRoutes (rewards: EpochRewards | undefined): { exact: Record<string, ApiHandler>, prefix: Record<string, ApiHandler> } {
  const off = (res: ServerResponse): void => {
    sendJson(res, 404, { error: 'ChainNotConfigured', message: 'this relay closes no reward epochs (start it with --chain-rpc and --chain-key)' })
  }
  return {
    exact: {
      '/api/rewards/account': async (req, res) => {
        if (rewards == null) { off(res); return }
        if (!method(req, res, 'POST')) return
        try {
          const body = await readJson(req, MAX_REGISTRATION_BYTES)
          send(res, 200, await rewards.register(body as PayoutRegistration))
        } catch (err) {
          if ((err as Error).name !== BadRegistrationError.name) throw err
          sendJson(res, 400, { error: 'BadRegistrationError', message: (err as Error).message })
        }
      },
      '/api/epochs': async (req, res) => {
        if (rewards == null) { off(res); return }
        if (!method(req, res, 'GET')) return
        send(res, 200, {
          chainId: rewards.chainId,
          contracts: rewards.addresses,
          epochSeconds: rewards.epochSeconds,
          emission: rewards.emission,
          current: rewards.currentEpoch,
          closed: await rewards.epochs(100)
        })
      },
      '/api/epochs/close': async (req, res) => {
        if (rewards == null) { off(res); return }
        if (!method(req, res, 'POST')) return
        if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
          sendJson(res, 403, { error: 'Forbidden', message: 'closing an epoch is for operators on the relay\'s own host' })
          return
        }
        try {
          const record = await rewards.close()
          send(res, record.published ? 200 : 502, record)
        } catch (err) {
          if ((err as Error).name !== EmptyEpochError.name) throw err
          sendJson(res, 409, { error: 'EmptyEpochError', message: (err as Error).message })
        }
      }
    },
    prefix: {
      '/api/rewards/': async (req, res, url) => {
        if (rewards == null) { off(res); return }
        if (!method(req, res, 'GET')) return
        const id = decodeURIComponent(url.pathname.slice('/api/rewards/'.length))
        try {
          peerIdFromString(id)
        } catch {
          sendJson(res, 400, { error: 'BadRequest', message: 'not a peer id' })
          return
        }
        send(res, 200, await rewards.view(id))
      }
    }
  }
}
