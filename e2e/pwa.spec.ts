import { test, expect, startRelayProcess } from './fixtures.ts'
import type { RelayProcess } from './fixtures.ts'
import type { Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A free port whose successor (the libp2p port) is free too, so a restarted relay keeps its addresses. */
async function freePortPair (): Promise<number> {
  const probe = (port: number): Promise<number> => new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(port, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => { resolve(p) }) })
  })
  for (let i = 0; i < 20; i++) {
    const port = await probe(0)
    if (port < 65535 && await probe(port + 1).then(() => true, () => false)) return port
  }
  throw new Error('no free port pair')
}

async function swControls (page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller != null, undefined, { timeout: 30_000 })
}

test('the manifest has what installability needs and the service worker controls the page', async ({ relay, newContext }) => {
  const page = await (await newContext()).newPage()
  await page.goto(relay.url)
  const href = await page.locator('link[rel="manifest"]').getAttribute('href')
  expect(href).toBeTruthy()
  const manifest = await (await fetch(new URL(href!, relay.url))).json()
  expect(manifest).toMatchObject({ name: expect.any(String), short_name: 'vAIn', start_url: '/', display: 'standalone' })
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes)
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']))
  expect(manifest.icons.some((i: { purpose?: string }) => i.purpose?.includes('maskable'))).toBe(true)
  for (const icon of manifest.icons as Array<{ src: string, type: string }>) {
    const res = await fetch(new URL(icon.src, relay.url))
    expect(res.status, icon.src).toBe(200)
    expect(res.headers.get('content-type')).toContain('image/png')
  }
  await swControls(page)
  // cross-origin isolated (threaded wasm for training)
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
})

test('offline: with the relay stopped a reload still renders the last state and the banner, and it reconnects when the relay is back', async ({ newContext }) => {
  const port = await freePortPair()
  const dataDir = mkdtempSync(join(tmpdir(), 'vain-e2e-offline-'))
  let relay: RelayProcess = await startRelayProcess({ port, dataDir })
  try {
    const page = await (await newContext()).newPage()
    await page.goto(relay.url)
    await expect(page.getByTestId('relay-status')).toContainText('connected')
    const peerId = (await page.getByTestId('peer-id').textContent())!.trim()
    await swControls(page)
    await expect(page.getByTestId('connection-banner')).toHaveCount(0)
    await page.waitForTimeout(2_500) // one snapshot period

    await relay.stop()
    await page.reload()
    await expect(page.getByTestId('connection-banner')).toBeVisible()
    await expect(page.getByTestId('connection-banner')).toContainText('Offline — reconnecting')
    await expect(page.getByTestId('connection-banner')).toContainText('last state')
    await expect(page.getByTestId('peer-id')).toHaveText(peerId)
    await expect(page.getByTestId('nav-network')).toBeVisible()

    relay = await startRelayProcess({ port, dataDir })
    await expect(page.getByTestId('relay-status')).toContainText('connected', { timeout: 60_000 })
    await expect(page.getByTestId('connection-banner')).toHaveCount(0)
  } finally {
    await relay.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('a rebuilt app shows the update prompt and reloads into the new version', async ({ newContext }) => {
  test.setTimeout(180_000)
  const port = await freePortPair()
  const dataDir = mkdtempSync(join(tmpdir(), 'vain-e2e-update-'))
  const nextDir = mkdtempSync(join(tmpdir(), 'vain-e2e-web-next-'))
  let relay: RelayProcess = await startRelayProcess({ port, dataDir })
  try {
    const page = await (await newContext()).newPage()
    await page.goto(relay.url)
    await swControls(page)
    const before = (await page.getByTestId('app-version').textContent())!.trim()

    const buildId = `next${Date.now()}`
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', nextDir, '--emptyOutDir', '--logLevel', 'error'], {
      env: { ...process.env, VAIN_BUILD_ID: buildId },
      stdio: 'inherit'
    })
    await relay.stop()
    relay = await startRelayProcess({ port, dataDir, args: ['--web-dir', nextDir] })

    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update() })
    await expect(page.getByTestId('update-prompt')).toBeVisible({ timeout: 60_000 })
    // still the old version until the user says so
    await expect(page.getByTestId('app-version')).toHaveText(before)
    await page.getByTestId('update-reload').click()
    await expect(page.getByTestId('app-version')).toHaveText(`0.1.0+${buildId}`, { timeout: 30_000 })
    await expect(page.getByTestId('update-prompt')).toHaveCount(0)
  } finally {
    await relay.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(nextDir, { recursive: true, force: true })
  }
})
