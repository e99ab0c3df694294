import { test, expect } from './fixtures.ts'
import type { Page } from '@playwright/test'

async function openNode (page: Page, url: string): Promise<string> {
  await page.goto(url)
  await expect(page.getByTestId('peer-id')).toHaveText(/^12D3KooW\w+$/)
  await expect(page.getByTestId('relay-status')).toContainText('connected')
  return (await page.getByTestId('peer-id').textContent())!.trim()
}

test('two browsers find each other through the relay and connect directly over WebRTC with verified hellos', async ({ relay, newContext }) => {
  const a = await (await newContext()).newPage()
  const b = await (await newContext()).newPage()
  const [idA, idB] = await Promise.all([openNode(a, relay.url), openNode(b, relay.url)])
  expect(idA).not.toBe(idB)

  await expect(a.locator(`[data-testid="peer"][data-peer-id="${idB}"]`)).toHaveAttribute('data-transport', 'webrtc', { timeout: 45_000 })
  await expect(b.locator(`[data-testid="peer"][data-peer-id="${idA}"]`)).toHaveAttribute('data-transport', 'webrtc', { timeout: 45_000 })
  // the signed hello was verified in both directions
  await expect(a.locator(`[data-testid="peer"][data-peer-id="${idB}"]`)).toHaveAttribute('data-hello', 'verified')
  await expect(b.locator(`[data-testid="peer"][data-peer-id="${idA}"]`)).toHaveAttribute('data-hello', 'verified')

  // the relay sees both browsers
  const status = await (await fetch(`${relay.url}/api/status`)).json() as { peers: Array<{ peerId: string, transport: string }> }
  expect(status.peers.map(p => p.peerId)).toEqual(expect.arrayContaining([idA, idB]))
})

test('reload keeps the peer id; a new browser profile gets a different one', async ({ relay, newContext }) => {
  const ctx = await newContext()
  const page = await ctx.newPage()
  const first = await openNode(page, relay.url)
  await page.reload()
  const second = await openNode(page, relay.url)
  expect(second).toBe(first)

  const other = await (await newContext()).newPage()
  const third = await openNode(other, relay.url)
  expect(third).not.toBe(first)
})

test('reset identity gives the node a new peer id', async ({ relay, newContext }) => {
  const page = await (await newContext()).newPage()
  const before = await openNode(page, relay.url)
  await page.getByTestId('nav-settings').click()
  page.once('dialog', d => { void d.accept() })
  await page.getByTestId('reset-identity').click()
  await page.getByTestId('nav-overview').click()
  await expect(page.getByTestId('peer-id')).not.toHaveText(before)
  const after = await openNode(page, relay.url)
  expect(after).not.toBe(before)
})

test('many browsers from one address: after a dozen have come and gone, two new ones still find each other', async ({ relay, newContext }) => {
  test.setTimeout(180_000)
  for (let i = 0; i < 12; i++) {
    const ctx = await newContext()
    const page = await ctx.newPage()
    await openNode(page, relay.url)
    await ctx.close()
  }
  const a = await (await newContext()).newPage()
  const b = await (await newContext()).newPage()
  const [idA, idB] = await Promise.all([openNode(a, relay.url), openNode(b, relay.url)])
  await expect(a.locator(`[data-testid="peer"][data-peer-id="${idB}"]`)).toHaveAttribute('data-transport', 'webrtc', { timeout: 30_000 })
  await expect(b.locator(`[data-testid="peer"][data-peer-id="${idA}"]`)).toHaveAttribute('data-transport', 'webrtc', { timeout: 30_000 })
})
