/**
 * Playwright fixtures: a real relay (the CLI, as an operator runs it) on free
 * ports with a fresh data dir, and Debian's Chromium with the flags this
 * machine needs. `relay` is worker-scoped per test file; tests that need their
 * own relay call `startRelayProcess`.
 */
import { test as base, chromium } from '@playwright/test'
import type { Browser, BrowserContext, LaunchOptions } from '@playwright/test'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'
]

export function launchOptions (extraArgs: string[] = []): LaunchOptions {
  return { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] }
}

export interface RelayProcess {
  url: string
  peerId: string
  dataDir: string
  process: ChildProcess
  /** SIGTERM (graceful) or SIGKILL, and wait for exit */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `relay/cli.ts` in a child process and waits until it prints its URL. */
export async function startRelayProcess (options: { dataDir?: string, args?: string[], port?: number } = {}): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vain-e2e-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts', '--port', String(options.port ?? 0), '--data-dir', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env }
  })
  let out = ''
  let err = ''
  child.stderr!.on('data', (d: Buffer) => { err += d.toString() })
  const ready = await new Promise<{ url: string, peerId: string }>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`relay did not start in 30 s:\n${out}\n${err}`)) }, 30_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const url = /PWA \+ API (http:\/\/\S+)/.exec(out)?.[1]
      const peerId = /peer id\s+(\S+)/.exec(out)?.[1]
      if (url != null && peerId != null) {
        clearTimeout(timer)
        resolve({ url, peerId })
      }
    })
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`relay exited with ${code}:\n${out}\n${err}`)) })
  })
  return {
    ...ready,
    dataDir,
    process: child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode != null) return child.exitCode
      const exited = new Promise<number | null>(resolve => child.once('exit', code => { resolve(code) }))
      child.kill(signal)
      return exited
    }
  }
}

interface WorkerFixtures {
  relay: RelayProcess
  browser: Browser
}

interface TestFixtures {
  /** a fresh browser profile (context) per call */
  newContext: () => Promise<BrowserContext>
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  relay: [async ({}, use) => { // eslint-disable-line no-empty-pattern
    const relay = await startRelayProcess()
    await use(relay)
    await relay.stop()
    rmSync(relay.dataDir, { recursive: true, force: true })
  }, { scope: 'worker' }],
  browser: [async ({}, use) => { // eslint-disable-line no-empty-pattern
    const browser = await chromium.launch(launchOptions())
    await use(browser)
    await browser.close()
  }, { scope: 'worker' }],
  newContext: async ({ browser }, use) => {
    const contexts: BrowserContext[] = []
    await use(async () => {
      const ctx = await browser.newContext()
      contexts.push(ctx)
      return ctx
    })
    await Promise.all(contexts.map(c => c.close()))
  }
})

export { expect } from '@playwright/test'
