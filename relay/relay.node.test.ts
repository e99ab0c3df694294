/**
 * Relays joining each other: a relay started with --bootstrap connects to the
 * other and both fill their DHT routing tables (kad-dht in server mode).
 */
import { describe, it, expect, afterEach } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCli } from './config.ts'
import { startRelay } from './relay.ts'
import type { Relay } from './relay.ts'

const relays: Relay[] = []
const dirs: string[] = []

afterEach(async () => {
  await Promise.all(relays.splice(0).map(r => r.stop()))
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function relay (args: string[] = []): Promise<Relay> {
  const dir = mkdtempSync(join(tmpdir(), 'vain-relay-'))
  dirs.push(dir)
  const cli = parseCli(['--port', '0', '--data-dir', dir, ...args])
  if (cli.kind !== 'run') throw new Error('expected run')
  const r = await startRelay(cli.config)
  relays.push(r)
  return r
}

async function until (check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

describe('relay federation', () => {
  it('a relay given --bootstrap joins the other relay and their DHT routing tables fill', async () => {
    const a = await relay()
    const b = await relay(['--bootstrap', a.node.getMultiaddrs()[0].toString()])
    await until(() => b.node.getConnections(a.node.peerId).length > 0, 15_000)
    const dht = (r: Relay): { routingTable: { size: number } } => (r.node.services as unknown as { dht: { routingTable: { size: number } } }).dht
    await until(() => dht(a).routingTable.size > 0 && dht(b).routingTable.size > 0, 15_000)
    const status = await (await fetch(`${a.url}/api/status`)).json()
    expect(status.peers).toContainEqual({ peerId: b.node.peerId.toString(), transport: 'websockets' })
  })
})
