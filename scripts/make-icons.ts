/**
 * Renders public/icons/icon.svg to the PNG icons the web manifest names, with
 * Debian's Chromium. Run by hand when the icon changes: node --import tsx scripts/make-icons.ts
 * The maskable icon keeps the artwork inside the 80 % safe zone on a full-bleed background.
 */
import { chromium } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { launchOptions } from '../e2e/fixtures.ts'

const svg = readFileSync('public/icons/icon.svg', 'utf8')
const browser = await chromium.launch(launchOptions())
const page = await browser.newPage()
for (const [size, maskable] of [[192, false], [512, false], [512, true]] as const) {
  await page.setViewportSize({ width: size, height: size })
  const inner = maskable ? Math.round(size * 0.7) : size
  await page.setContent(`<html><body style="margin:0;background:#0f172a;display:grid;place-items:center;width:${size}px;height:${size}px">
    <div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`)
  await page.screenshot({ path: `public/icons/icon-${size}${maskable ? '-maskable' : ''}.png`, omitBackground: false })
}
await browser.close()
