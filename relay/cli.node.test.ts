/**
 * The relay as an operator runs it: a child process of relay/cli.ts on a real
 * LevelDB data dir. Checks exit codes, the HTTP API and that the peer id
 * survives SIGKILL.
 */
import { describe, it, expect, afterEach } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const children: ChildProcess[] = []
const dirs: string[] = []

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode == null) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir (): string {
  const d = mkdtempSync(join(tmpdir(), 'vain-relay-'))
  dirs.push(d)
  return d
}

async function start (dataDir: string): Promise<{ child: ChildProcess, url: string, peerId: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const url = /PWA \+ API (http:\/\/\S+)/.exec(out)?.[1]
      const peerId = /peer id\s+(\S+)/.exec(out)?.[1]
      if (url != null && peerId != null) resolve({ child, url, peerId })
    })
    child.once('exit', code => { reject(new Error(`relay exited ${code}: ${out}`)) })
  })
}

function exitOf (child: ChildProcess): Promise<number | null> {
  return new Promise(resolve => child.once('exit', code => { resolve(code) }))
}

describe('vain-relay CLI', () => {
  it('exits with code 2 and a clear message on a bad flag', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'relay/cli.ts', '--port', 'abc'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--port must be a whole number')
  })

  it('prints help with every flag', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'relay/cli.ts', '--help'], { encoding: 'utf8' })
    expect(r.status).toBe(0)
    for (const flag of ['--port', '--host', '--data-dir', '--announce', '--bootstrap']) expect(r.stdout).toContain(flag)
  })

  it('serves /api/status, /api/bootstrap and /metrics, and shuts down cleanly on SIGTERM', async () => {
    const { child, url, peerId } = await start(tempDir())
    const status = await (await fetch(`${url}/api/status`)).json()
    expect(status).toMatchObject({ peerId, connections: 0, peers: [], version: '0.1.0' })
    expect(typeof status.uptimeS).toBe('number')
    expect(status.multiaddrs.some((m: string) => m.includes('/ws/p2p/'))).toBe(true)
    const boot = await (await fetch(`${url}/api/bootstrap`)).json()
    expect(boot.peerId).toBe(peerId)
    expect(boot.multiaddrs.every((m: string) => m.endsWith(`/p2p/${peerId}`))).toBe(true)
    const metrics = await fetch(`${url}/metrics`)
    expect(metrics.headers.get('content-type')).toContain('text/plain')
    expect(await metrics.text()).toContain('libp2p_')
    const storage = await (await fetch(`${url}/api/storage`)).json()
    expect(storage.bytes).toBeGreaterThan(0)
    expect(storage.files).toBeGreaterThan(0)
    const missing = await fetch(`${url}/api/nope`)
    expect(missing.status).toBe(404)
    expect((await missing.json()).error).toBe('NotFound')
    const exited = exitOf(child)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('keeps its peer id after SIGKILL and a restart on the same data dir', async () => {
    const dir = tempDir()
    const first = await start(dir)
    const killed = exitOf(first.child)
    first.child.kill('SIGKILL')
    await killed
    const second = await start(dir)
    expect(second.peerId).toBe(first.peerId)
    const other = await start(tempDir())
    expect(other.peerId).not.toBe(first.peerId)
  })
})
