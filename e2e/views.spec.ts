import { test, expect } from './fixtures.ts'
import AxeBuilder from '@axe-core/playwright'
import { mkdirSync } from 'node:fs'

const VIEWS = ['overview', 'network', 'training', 'settings', 'relay'] as const
const SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844 }] as const
export const SCREENSHOT_DIR = 'test-results/screenshots'

test('every view passes axe (no serious or critical violation) and is captured at desktop and phone sizes', async ({ relay, newContext }) => {
  test.setTimeout(180_000)
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  // a second browser so the peer lists and graphs have something to show
  const other = await (await newContext()).newPage()
  await other.goto(relay.url)
  const page = await (await newContext()).newPage()
  await page.goto(relay.url)
  await expect(page.getByTestId('relay-status')).toContainText('connected')
  await expect(page.locator('[data-testid="peer"][data-transport="webrtc"]')).toHaveCount(1, { timeout: 45_000 })

  for (const size of SIZES) {
    await page.setViewportSize(size)
    for (const view of VIEWS) {
      await page.getByTestId(`nav-${view}`).click()
      await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page')
      await page.waitForTimeout(view === 'network' || view === 'relay' ? 2_500 : 300)
      const results = await new AxeBuilder({ page }).analyze()
      const bad = results.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
      expect(bad.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`), `${view} at ${size.width}px`).toEqual([])
      // nothing wider than the viewport (works from 360 px)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `${view} at ${size.width}px overflows horizontally`).toBeLessThanOrEqual(0)
      const path = `${SCREENSHOT_DIR}/${view}-${size.width}x${size.height}.png`
      await page.screenshot({ path, fullPage: true })
      await test.info().attach(`${view}-${size.width}x${size.height}`, { path, contentType: 'image/png' })
    }
  }
})

test('the views are reachable by keyboard alone', async ({ relay, newContext }) => {
  const page = await (await newContext()).newPage()
  await page.goto(relay.url)
  await expect(page.getByTestId('peer-id')).toHaveText(/^12D3KooW/)
  // Tab from the top: skip link, then the view links
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('nav-network')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('nav-network')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('heading', { name: 'Live' })).toBeVisible()
})
