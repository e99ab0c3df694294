/**
 * A running relay: the datastore on disk, the libp2p node and the HTTP server,
 * started and stopped together. Used by the CLI, tests and benches alike.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LevelDatastore } from 'datastore-level'
import { Registry } from 'prom-client'
import type { Libp2p } from 'libp2p'
import { logger } from '@libp2p/logger'
import type { RelayConfig } from './config.ts'
import { createRelayNode } from './node.ts'
import { createHttpServer, sendJson } from './http.ts'
import { bootstrapInfo, relayStatus } from './api/status.ts'
import { storageUse } from './api/storage.ts'
import { VERSION } from './constants.ts'
import { loadOrCreateSelfKey } from '@libp2p/config'
import { Supernode } from './fl/supernode.ts'
import { roundRoutes } from './api/rounds.ts'
import { EpochRewards } from './chain/epoch-rewards.ts'
import { rewardRoutes } from './chain/routes.ts'

const log = logger('vain:relay')

export interface Relay {
  readonly node: Libp2p
  /** the round coordinator, unless started with --no-coordinator */
  readonly supernode?: Supernode
  /** epoch rewards on chain, only with --chain-rpc */
  readonly rewards?: EpochRewards
  readonly config: RelayConfig
  /** http://host:port the PWA and API are served on */
  readonly url: string
  stop(): Promise<void>
}

export async function startRelay (config: RelayConfig): Promise<Relay> {
  mkdirSync(config.dataDir, { recursive: true })
  const datastore = new LevelDatastore(join(config.dataDir, 'datastore'))
  await datastore.open()
  const registry = new Registry()
  let maybeNode: Libp2p | undefined
  let supernode: Supernode | undefined
  let rewards: EpochRewards | undefined
  try {
    const privateKey = await loadOrCreateSelfKey(datastore)
    maybeNode = await createRelayNode(config, datastore, registry, privateKey)
    const node = maybeNode
    if (config.coordinator) {
      supernode = await Supernode.create({ node, privateKey, datastore, info: config.task })
      await supernode.start()
    }
    if (config.chain != null) {
      rewards = await EpochRewards.create({ config: config.chain, datastore, node: maybeNode, supernode })
      rewards.start()
    }
  } catch (err) {
    await supernode?.stop()
    await maybeNode?.stop()
    await datastore.close()
    throw err
  }
  const node = maybeNode
  const rounds = roundRoutes(supernode)
  const chainRoutes = rewardRoutes(rewards)
  const startedAt = Date.now()
  const storage = storageUse(config.dataDir)

  const server: Server = createHttpServer({
    webDir: config.webDir,
    dataAssetsDir: config.dataAssetsDir,
    routes: {
      '/api/status': (_req, res) => { sendJson(res, 200, relayStatus(node, startedAt, VERSION)) },
      '/api/bootstrap': (_req, res) => { sendJson(res, 200, bootstrapInfo(node)) },
      '/api/storage': async (_req, res) => { sendJson(res, 200, await storage()) },
      ...rounds.exact,
      ...chainRoutes.exact,
      '/metrics': async (_req, res) => {
        const text = await registry.metrics()
        res.writeHead(200, { 'Content-Type': registry.contentType })
        res.end(text)
      }
    },
    prefixRoutes: { ...rounds.prefix, ...chainRoutes.prefix }
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    await rewards?.stop()
    await supernode?.stop()
    await node.stop()
    await datastore.close()
    throw err
  }
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`
  log('relay %p serving %s, libp2p on %s', node.peerId, url, node.getMultiaddrs().map(String).join(' '))

  let stopping: Promise<void> | undefined
  return {
    node,
    supernode,
    rewards,
    config,
    url,
    stop: async () => {
      stopping ??= (async () => {
        server.closeAllConnections()
        await new Promise<void>(resolve => server.close(() => { resolve() }))
        await rewards?.stop()
        await supernode?.stop()
        await node.stop()
        await datastore.close()
      })()
      return stopping
    }
  }
}
