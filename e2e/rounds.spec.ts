import { test, expect, startRelayProcess } from './fixtures.ts'
import type { RelayProcess } from './fixtures.ts'
import type { Page } from '@playwright/test'

interface RoundRecord { round: number, accuracy: number, accepted: number, participants: number, rejected: Record<string, number>, bytesUp: number, denseBytesUp: number, modelCid: string, committedAt: number, announcedAt: number }
interface Rounds { status: { round: number, phase: string, modelCid: string, participants: number, accepted: number, deadlineMs: number | null }, candidates: number, rounds: RoundRecord[] }

const TASK = 'e2e/fixtures/fast-task.json'

async function rounds (relay: RelayProcess): Promise<Rounds> {
  return await (await fetch(`${relay.url}/api/rounds`)).json() as Rounds
}

async function contribute (page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect(page.getByTestId('relay-status')).toContainText('connected')
  await page.getByTestId('contribute').click()
  await expect(page.getByTestId('contribute')).toHaveAttribute('aria-pressed', 'true')
}

test('three tabs that click Contribute train the MNIST 2NN to ≥ 95 % with signed, compressed updates; a SIGKILLed relay resumes where it was', async ({ newContext }) => {
  test.setTimeout(480_000)
  let relay = await startRelayProcess({ args: ['--task', TASK] })
  try {
    const pages = await Promise.all([0, 1, 2].map(async () => await (await newContext()).newPage()))
    const started = Date.now()
    await Promise.all(pages.map(async p => { await contribute(p, relay.url) }))

    // rounds advance and the global accuracy climbs
    let body: Rounds = await rounds(relay)
    while ((body.rounds.at(-1)?.accuracy ?? 0) < 0.95) {
      expect(Date.now() - started, `accuracy after ${body.rounds.length} rounds: ${body.rounds.at(-1)?.accuracy}`).toBeLessThan(420_000)
      await pages[0].waitForTimeout(2_000)
      body = await rounds(relay)
    }
    const last = body.rounds.at(-1)!
    const minutes = (Date.now() - started) / 60_000
    const perUpdate = body.rounds.map(r => r.bytesUp / Math.max(1, r.accepted))
    const dense = last.denseBytesUp / last.accepted
    console.log(`reached ${(last.accuracy * 100).toFixed(1)} % after ${last.round} rounds in ${minutes.toFixed(1)} min; bytes per update: dense fp32 ${(dense / 1e3).toFixed(0)} kB, sent median ${(perUpdate.sort((a, b) => a - b)[Math.floor(perUpdate.length / 2)] / 1e3).toFixed(1)} kB`)

    // every update was accepted (signed correctly, for the right round and model) and compressed
    for (const r of body.rounds) {
      expect(r.accepted, `round ${r.round}`).toBeGreaterThanOrEqual(2)
      expect(Object.values(r.rejected).reduce((a, b) => a + b, 0), `round ${r.round} rejections`).toBe(0)
      expect(r.bytesUp / r.accepted, `round ${r.round} bytes per update`).toBeLessThan(dense / 4)
    }

    // the page shows it: the round, the accuracy, the chart, what this node did
    await expect(pages[0].getByTestId('round')).not.toHaveText('0')
    const shown = Number((await pages[0].getByTestId('accuracy').textContent())!.replace('%', ''))
    expect(shown).toBeGreaterThanOrEqual(90)
    const chart = pages[0].locator('section[aria-labelledby="contribute-h"]')
    await expect(chart.locator('[role="img"]')).toHaveAttribute('aria-label', /\d+ points; latest accuracy % 9\d/)
    // the accuracy line is really drawn (its colour is on the canvas)
    const linePixels = await chart.locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 74) < 30 && Math.abs(d[i + 1] - 222) < 30 && Math.abs(d[i + 2] - 128) < 30) n++
      return n
    })
    expect(linePixels).toBeGreaterThan(50)
    expect(Number(await pages[0].getByTestId('rounds-joined').textContent())).toBeGreaterThan(0)
    await pages[0].getByTestId('nav-training').click()
    await expect(pages[0].getByRole('heading', { name: 'Global model' })).toBeVisible()

    // SIGKILL the relay mid-run and start it on the same data dir: it resumes at its last commit
    const before = await rounds(relay)
    const committed = before.rounds.at(-1)!
    expect(await relay.stop('SIGKILL')).toBeNull()
    relay = await startRelayProcess({ dataDir: relay.dataDir, args: ['--task', TASK] })
    const after = await rounds(relay)
    expect(after.rounds.at(-1)!.round).toBeGreaterThanOrEqual(committed.round)
    const resumed = after.rounds.at(-1)!
    expect(after.status.modelCid).toBe(resumed.modelCid)
    if (resumed.round === committed.round) expect(resumed.modelCid).toBe(committed.modelCid)
  } finally {
    await relay.stop()
  }
})

test('a participant closing its tab mid-round does not stall the round', async ({ newContext }) => {
  test.setTimeout(240_000)
  const relay = await startRelayProcess({ args: ['--task', TASK] })
  try {
    const pages = await Promise.all([0, 1, 2].map(async () => await (await newContext()).newPage()))
    await Promise.all(pages.map(async p => { await contribute(p, relay.url) }))
    // wait for a round with all three selected, then close one tab while it trains
    let body = await rounds(relay)
    while (!(body.status.phase === 'open' && body.status.participants === 3)) {
      await pages[0].waitForTimeout(500)
      body = await rounds(relay)
    }
    const open = body.status.round
    await expect(pages[2].getByTestId('contribution-state')).toHaveAttribute('data-phase', /downloading|training/)
    const closedAt = Date.now()
    let deadline = body.status.deadlineMs ?? 0
    await pages[2].context().close()
    while (!body.rounds.some(r => r.round === open)) {
      expect(Date.now() - closedAt, 'round committed after the tab closed').toBeLessThan(60_000)
      await pages[0].waitForTimeout(500)
      body = await rounds(relay)
      if (body.status.phase === 'open' && body.status.round === open && body.status.deadlineMs != null) deadline = body.status.deadlineMs
    }
    const r = body.rounds.find(x => x.round === open)!
    expect(r.participants).toBe(3)
    expect(r.accepted).toBe(2)
    // before the round's deadline (a slow, loaded machine may have re-announced it): the
    // coordinator committed because the participant went, not because time ran out
    expect(r.committedAt).toBeLessThan(deadline)
  } finally {
    await relay.stop()
  }
})

test('with the hourly data cap below one update, the node does not upload and says why', async ({ newContext }) => {
  test.setTimeout(180_000)
  const relay = await startRelayProcess({ args: ['--task', TASK] })
  try {
    const capped = await (await newContext()).newPage()
    const other = await (await newContext()).newPage()
    await capped.goto(relay.url)
    await capped.getByTestId('nav-settings').click()
    await capped.getByTestId('data-cap').fill('0.01')
    await capped.getByTestId('data-cap').blur()
    await capped.getByTestId('nav-overview').click()
    await contribute(capped, relay.url)
    await contribute(other, relay.url)
    await expect(capped.getByTestId('contribution-state')).toHaveAttribute('data-phase', 'held', { timeout: 90_000 })
    await expect(capped.getByTestId('contribution-state')).toContainText('Hourly data cap')
    await expect(capped.getByTestId('bytes-up')).toHaveText('0 B')
    // the other node's update arrives; the capped one never sends
    let body = await rounds(relay)
    while (body.status.accepted < 1) {
      await capped.waitForTimeout(500)
      body = await rounds(relay)
    }
    await capped.waitForTimeout(2_000)
    body = await rounds(relay)
    expect(body.status.accepted).toBe(1)
    await expect(capped.getByTestId('contribution-state')).toHaveAttribute('data-phase', 'held')
    await expect(capped.getByTestId('bytes-up')).toHaveText('0 B')
  } finally {
    await relay.stop()
  }
})
