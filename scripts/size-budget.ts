/**
 * The first-paint budget: the JavaScript and CSS index.html loads before the
 * dashboard can render (entry script, modulepreloads, stylesheets), gzipped.
 * libp2p, tfjs (worker), uPlot and the rest load afterwards and are not
 * counted. Prints the figure; exits 1 over budget, so `npm run build` fails.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export const FIRST_PAINT_BUDGET_BYTES = 150 * 1024

const dir = process.argv[2] ?? 'dist/web'
const html = readFileSync(join(dir, 'index.html'), 'utf8')
const urls = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)
].map(m => m[1])

let total = 0
for (const url of urls) {
  const gz = gzipSync(readFileSync(join(dir, url))).byteLength
  total += gz
  console.log(`  ${(gz / 1024).toFixed(1).padStart(7)} KB gz  ${url}`)
}
const verdict = total <= FIRST_PAINT_BUDGET_BYTES ? 'within' : 'OVER'
console.log(`first paint: ${(total / 1024).toFixed(1)} KB gzip of JS+CSS, ${verdict} the ${FIRST_PAINT_BUDGET_BYTES / 1024} KB budget (tfjs loads in the worker; libp2p after first paint)`)
if (total > FIRST_PAINT_BUDGET_BYTES) process.exit(1)
