/**
 * vain-relay entry point. The only place that reads process.env and argv.
 * Exit codes: 0 clean shutdown, 1 failure at run time, 2 bad configuration.
 */
import { parseCli, ConfigError, HELP } from './config.ts'
import { startRelay } from './relay.ts'
import { VERSION } from './constants.ts'

async function main (): Promise<void> {
  let result
  try {
    result = parseCli(process.argv.slice(2), process.env)
  } catch (err) {
    if ((err as Error).name === ConfigError.name) {
      process.stderr.write(`vain-relay: ${(err as Error).message}\nRun vain-relay --help for the options.\n`)
      process.exit(2)
    }
    throw err
  }
  if (result.kind === 'help') {
    process.stdout.write(HELP)
    return
  }
  if (result.kind === 'version') {
    process.stdout.write(`${VERSION}\n`)
    return
  }
  const relay = await startRelay(result.config)
  process.stdout.write([
    `vAIn relay ${VERSION}`,
    `  peer id   ${relay.node.peerId.toString()}`,
    `  PWA + API ${relay.url}  (status: ${relay.url}/api/status, metrics: ${relay.url}/metrics)`,
    ...relay.node.getMultiaddrs().map(ma => `  libp2p    ${ma.toString()}`),
    `  data      ${result.config.dataDir}`,
    ''
  ].join('\n'))

  let signals = 0
  const shutdown = (signal: string): void => {
    signals++
    if (signals > 1) {
      process.stderr.write(`vain-relay: ${signal} again, exiting now\n`)
      process.exit(1)
    }
    process.stdout.write(`vain-relay: ${signal}, shutting down\n`)
    relay.stop().then(() => { process.exit(0) }, err => {
      process.stderr.write(`vain-relay: shutdown failed: ${(err as Error).message}\n`)
      process.exit(1)
    })
  }
  process.on('SIGINT', () => { shutdown('SIGINT') })
  process.on('SIGTERM', () => { shutdown('SIGTERM') })
}

main().catch(err => {
  process.stderr.write(`vain-relay: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
