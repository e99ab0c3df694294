/**
 * The training engine in Chromium, through the page a contributor sees: "Train locally" on
 * each backend, the automatic choice, the CNN on wasm and WebGPU, forward-pass agreement,
 * a responsive page while training, corrupt data shards refused and refetched.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'

const HELD_OUT = { split: 'test', kind: 'range', start: 0, count: 1000 } as const

async function open (page: Page, url: string, query: string): Promise<void> {
  await page.goto(`${url}/?${query}#/training`)
  await expect(page.getByTestId('train-local')).toBeVisible()
}

async function trainAndWait (page: Page, timeout: number): Promise<void> {
  await page.getByTestId('train-local').click()
  await expect(page.getByTestId('train-phase')).toHaveAttribute('data-phase', 'done', { timeout })
}

for (const backend of ['wasm', 'cpu', 'webgpu'] as const) {
  test(`forced to ${backend}: trains 1 epoch of the 2NN on 6,000 digits and reaches ≥ 90 % on 1,000 held-out`, async ({ relay, newContext }) => {
    test.setTimeout(300_000)
    const page = await (await newContext()).newPage()
    await open(page, relay.url, `backend=${backend}&model=mnist-2nn`)
    await trainAndWait(page, 280_000)
    await expect(page.getByTestId('backend')).toHaveText(backend)
    await expect(page.getByTestId('backend-reason')).toContainText('asked for')
    const result = page.getByTestId('train-result')
    await expect(result).toHaveAttribute('data-samples', '6000')
    await expect(result).toHaveAttribute('data-backend', backend)
    const accuracy = page.getByTestId('local-accuracy')
    await expect(accuracy).toHaveText(/^\d{1,3}\.\d%$/)
    const value = Number(await accuracy.getAttribute('data-value'))
    console.log(`${backend}: 2NN 6,000 digits → ${(value * 100).toFixed(1)} % held-out, ${await page.getByTestId('samples-per-sec').textContent()}`)
    expect(value).toBeGreaterThanOrEqual(0.9)
  })
}
