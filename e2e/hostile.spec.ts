import { test, expect } from './fixtures.ts'
import type { Page } from '@playwright/test'

async function openNode (page: Page, url: string): Promise<string> {
  await page.goto(url)
  await expect(page.getByTestId('relay-status')).toContainText('connected')
  await expect(page.getByTestId('peer-id')).toHaveText(/^12D3KooW\w+$/)
  return (await page.getByTestId('peer-id').textContent())!.trim()
}

function peerRow (page: Page, id: string) {
  return page.locator(`[data-testid="peer"][data-peer-id="${id}"]`)
}

type Attack = 'forgedHello' | 'garbageHello' | 'oversizedHello'

test('a peer sending a forged, garbage or oversized hello is refused and logged; the good peers stay connected', async ({ relay, newContext }) => {
  const a = await (await newContext()).newPage()
  const b = await (await newContext()).newPage()
  const mallory = await (await newContext()).newPage()
  const logsA: string[] = []
  a.on('console', m => { logsA.push(m.text()) })
  const errorsA: string[] = []
  a.on('pageerror', e => { errorsA.push(e.message) })

  await a.addInitScript(() => { localStorage.setItem('debug', 'vain:hello*') })
  const [idA, idB] = await Promise.all([openNode(a, relay.url), openNode(b, relay.url)])
  await expect(peerRow(a, idB)).toHaveAttribute('data-transport', 'webrtc', { timeout: 45_000 })
  await expect(peerRow(b, idA)).toHaveAttribute('data-hello', 'verified')

  await openNode(mallory, `${relay.url}/?debug`)
  await mallory.waitForFunction(() => '__vainDebug' in window)
  // the attacker learns A's address through discovery like anyone else
  await expect(peerRow(mallory, idA)).toBeVisible({ timeout: 45_000 })

  const attacks: Attack[] = ['forgedHello', 'garbageHello', 'oversizedHello']
  for (const [i, attack] of attacks.entries()) {
    const result = await mallory.evaluate(async ({ attack, idA }) => {
      const debug = (window as unknown as { __vainDebug: Record<string, (id: string) => Promise<{ outcome: string }>> }).__vainDebug
      try { return await debug[attack](idA) } catch (e) { return { outcome: "threw", error: String((e as Error).stack) } }
    }, { attack, idA })
    // A reset the attacker's stream instead of answering
    expect(result.outcome, `${attack}: ${JSON.stringify(result)}`).toBe('closed')
    await expect(a.getByTestId('hello-rejected')).toHaveText(String(i + 1))
  }

  // logged, with the reason
  expect(logsA.some(l => l.includes('rejected hello') && l.includes('BadSignatureError'))).toBe(true)
  expect(logsA.some(l => l.includes('rejected hello') && l.includes('InvalidHelloError'))).toBe(true)
  expect(logsA.some(l => l.includes('rejected hello') && /InvalidDataLength|TooLarge/i.test(l))).toBe(true)
  // nothing crashed and the good peers are still directly connected and verified
  expect(errorsA).toEqual([])
  await expect(peerRow(a, idB)).toHaveAttribute('data-transport', 'webrtc')
  await expect(peerRow(a, idB)).toHaveAttribute('data-hello', 'verified')
  await expect(peerRow(b, idA)).toHaveAttribute('data-transport', 'webrtc')
  await expect(a.getByTestId('relay-status')).toContainText('connected')
})

test('dialling is reliable: 20 fresh browser⇄browser direct dials all succeed', async ({ relay, newContext }) => {
  const a = await (await newContext()).newPage()
  const b = await (await newContext()).newPage()
  await openNode(a, `${relay.url}/?debug`)
  const idB = await openNode(b, relay.url)
  await a.waitForFunction(() => '__vainDebug' in window)
  // wait until A knows B's circuit address (from discovery)
  await expect(peerRow(a, idB)).toBeVisible({ timeout: 45_000 })

  const results = await a.evaluate(async (idB) => {
    const debug = (window as unknown as { __vainDebug: { dialLoop: (id: string, n: number) => Promise<Array<{ ok: boolean, attempts: number, ms: number, error?: string }>> } }).__vainDebug
    return debug.dialLoop(idB, 20)
  }, idB)

  const failed = results.filter(r => !r.ok)
  const retries = results.reduce((n, r) => n + r.attempts - 1, 0)
  const ms = results.map(r => r.ms).sort((x, y) => x - y)
  console.log(`20 direct dials: ${results.length - failed.length} ok, ${failed.length} failed, ${retries} retries, median ${Math.round(ms[10])} ms, max ${Math.round(ms[19])} ms`)
  expect(results).toHaveLength(20)
  expect(failed).toEqual([])
})
