import { describe, it, expect } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseCli, DEFAULT_PORT } from './config.ts'
import type { RelayConfig } from './config.ts'

function run (argv: string[], env: Record<string, string> = {}): RelayConfig {
  const r = parseCli(argv, env)
  if (r.kind !== 'run') throw new Error(`expected run, got ${r.kind}`)
  return r.config
}

function configError (argv: string[], env: Record<string, string> = {}): string {
  try {
    parseCli(argv, env)
  } catch (err) {
    expect((err as Error).name).toBe('ConfigError')
    return (err as Error).message
  }
  throw new Error('expected a ConfigError')
}

const RELAY = '/ip4/10.0.0.1/tcp/8081/ws/p2p/12D3KooWL1d5nAVyUZeXDG2iZJSFvzq8eVwGvb8JUaRitvQwYwge'

describe('relay config', () => {
  it('has the embedded defaults: 127.0.0.1:8080, libp2p on 8081, data in ./.vain', () => {
    const c = run([])
    expect(c.port).toBe(DEFAULT_PORT)
    expect(c.host).toBe('127.0.0.1')
    expect(c.p2pPort).toBe(8081)
    expect(c.dataDir).toBe(resolve('.vain'))
    expect(c.announce).toEqual([])
  })

  it('takes flags over env over config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vain-cfg-'))
    const file = join(dir, 'relay.json')
    writeFileSync(file, JSON.stringify({ port: 7000, host: '0.0.0.0', maxReservations: 50 }))
    const c = run(['--config', file, '--port', '9000'], { VAIN_HOST: '127.0.0.2', VAIN_PORT: '8000' })
    expect(c.port).toBe(9000)
    expect(c.host).toBe('127.0.0.2')
    expect(c.maxReservations).toBe(50)
    expect(c.p2pPort).toBe(9001)
  })

  it('accepts repeated and comma-separated multiaddrs', () => {
    const c = run(['--bootstrap', RELAY, '--bootstrap', `${RELAY},${RELAY}`, '--announce', '/dns4/relay.example.org/tcp/443/wss'])
    expect(c.bootstrap).toHaveLength(3)
    expect(c.announce).toEqual(['/dns4/relay.example.org/tcp/443/wss'])
  })

  it('port 0 means any free port for both listeners', () => {
    const c = run(['--port', '0'])
    expect(c.port).toBe(0)
    expect(c.p2pPort).toBe(0)
  })

  it.each([
    [['--port', 'eighty'], '--port must be a whole number'],
    [['--port', '70000'], '--port must be between 0 and 65535'],
    [['--port=-1'], '--port must be a whole number'],
    [['--port', '-1'], "Option '--port' argument is ambiguous"],
    [['--host', 'example.org'], '--host must be an IPv4 address'],
    [['--host', '300.1.1.1'], '--host must be an IPv4 address'],
    [['--bootstrap', 'not-a-multiaddr'], '--bootstrap: "not-a-multiaddr" is not a multiaddr'],
    [['--max-reservations', '0'], '--max-reservations must be between 1'],
    [['--data-dir', ' '], '--data-dir must not be empty'],
    [['--port', '9000', '--p2p-port', '9000'], '--p2p-port must differ from --port'],
    [['--frobnicate'], "Unknown option '--frobnicate'"]
  ])('rejects %j with a message naming the flag', (argv, message) => {
    expect(configError(argv)).toContain(message)
  })

  it('rejects bad values from the environment too', () => {
    expect(configError([], { VAIN_PORT: 'x' })).toContain('--port must be a whole number')
  })

  it('rejects unreadable, malformed or unknown-key config files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vain-cfg-'))
    expect(configError(['--config', join(dir, 'missing.json')])).toContain('cannot read')
    writeFileSync(join(dir, 'bad.json'), '{ port: ')
    expect(configError(['--config', join(dir, 'bad.json')])).toContain('not valid JSON')
    writeFileSync(join(dir, 'unknown.json'), '{ "prot": 1 }')
    expect(configError(['--config', join(dir, 'unknown.json')])).toContain('unknown key "prot"')
  })

  it('answers --help and --version', () => {
    expect(parseCli(['--help']).kind).toBe('help')
    expect(parseCli(['-v']).kind).toBe('version')
  })
})
