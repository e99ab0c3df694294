/**
 * bench/p2p — connection setup, RTT and throughput between two real Chromium
 * pages on loopback, through a real relay, with a raw RTCDataChannel between
 * the same two pages measured in the same run as the reference.
 *
 *   npm run bench:p2p            (builds the PWA first)
 *   npm run bench:p2p -- --mb 20 --runs 3
 */
import { chromium } from '@playwright/test'
import type { Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parseCli } from '../relay/config.ts'
import { startRelay } from '../relay/relay.ts'
import { launchOptions } from '../e2e/fixtures.ts'

const { values } = parseArgs({ options: { mb: { type: 'string', default: '10' }, runs: { type: 'string', default: '5' }, pings: { type: 'string', default: '50' } } })
const BYTES = Number(values.mb) * 1024 * 1024
const RUNS = Number(values.runs)
const PINGS = Number(values.pings)

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const fmt = (x: number, d = 1): string => x.toFixed(d)

interface DebugApi {
  timings: { nodeStarted?: number, relayConnected?: number, reservation?: number, firstDirect?: number }
  dialLoop(id: string, n: number): Promise<Array<{ ok: boolean, ms: number, attempts: number }>>
  rtt(id: string, n: number): Promise<number[]>
  throughput(id: string, bytes: number): Promise<{ ms: number, bytes: number }>
}
declare global { interface Window { __vainDebug: DebugApi, __raw?: { pc: RTCPeerConnection, dc?: RTCDataChannel, received: number } } }

async function open (page: Page, url: string): Promise<string> {
  await page.goto(`${url}/?debug`)
  await page.waitForFunction(() => window.__vainDebug?.timings.reservation != null, undefined, { timeout: 30_000 })
  return (await page.getByTestId('peer-id').textContent())!.trim()
}

/** A raw RTCPeerConnection + RTCDataChannel between the two pages, signalled by this script. */
async function rawChannel (a: Page, b: Page): Promise<void> {
  const offer = await a.evaluate(async () => {
    const pc = new RTCPeerConnection({ iceServers: [] })
    const dc = pc.createDataChannel('raw', { ordered: true })
    dc.binaryType = 'arraybuffer'
    window.__raw = { pc, dc, received: 0 }
    await pc.setLocalDescription(await pc.createOffer())
    await new Promise<void>(resolve => { if (pc.iceGatheringState === 'complete') resolve(); else pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve() }) })
    return pc.localDescription!.toJSON()
  })
  const answer = await b.evaluate(async (offer) => {
    const pc = new RTCPeerConnection({ iceServers: [] })
    window.__raw = { pc, received: 0 }
    pc.addEventListener('datachannel', evt => {
      const dc = evt.channel
      dc.binaryType = 'arraybuffer'
      window.__raw!.dc = dc
      dc.addEventListener('message', m => {
        const data = m.data as ArrayBuffer | string
        if (typeof data === 'string') {
          dc.send(String(window.__raw!.received))
          window.__raw!.received = 0
        } else {
          window.__raw!.received += data.byteLength
        }
      })
    })
    await pc.setRemoteDescription(offer)
    await pc.setLocalDescription(await pc.createAnswer())
    await new Promise<void>(resolve => { if (pc.iceGatheringState === 'complete') resolve(); else pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve() }) })
    return pc.localDescription!.toJSON()
  }, offer)
  await a.evaluate(async (answer) => {
    const { pc, dc } = window.__raw!
    await pc.setRemoteDescription(answer)
    if (dc!.readyState !== 'open') await new Promise(resolve => dc!.addEventListener('open', resolve, { once: true }))
  }, answer)
}

async function rawThroughput (a: Page, bytes: number): Promise<{ ms: number, bytes: number }> {
  return a.evaluate(async (bytes) => {
    const dc = window.__raw!.dc!
    const chunk = new Uint8Array(16 * 1024)
    dc.bufferedAmountLowThreshold = 1024 * 1024
    const started = performance.now()
    for (let sent = 0; sent < bytes; sent += chunk.byteLength) {
      if (dc.bufferedAmount > 4 * 1024 * 1024) await new Promise(resolve => dc.addEventListener('bufferedamountlow', resolve, { once: true }))
      dc.send(chunk.subarray(0, Math.min(chunk.byteLength, bytes - sent)))
    }
    const ack = new Promise<string>(resolve => dc.addEventListener('message', m => { resolve(String(m.data)) }, { once: true }))
    dc.send('done')
    const received = Number(await ack)
    return { ms: performance.now() - started, bytes: received }
  }, bytes)
}

async function main (): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vain-bench-'))
  const cli = parseCli(['--port', '0', '--data-dir', dataDir])
  if (cli.kind !== 'run') throw new Error('unreachable')
  const relay = await startRelay(cli.config)
  const browser = await chromium.launch(launchOptions())
  try {
    const [ca, cb] = [await browser.newContext(), await browser.newContext()]
    const [a, b] = [await ca.newPage(), await cb.newPage()]
    const [, idB] = await Promise.all([open(a, relay.url), open(b, relay.url)])
    await a.waitForFunction((id) => document.querySelector(`[data-testid="peer"][data-peer-id="${id}"][data-transport="webrtc"]`) != null, idB, { timeout: 45_000 })
    const timings = await a.evaluate(() => window.__vainDebug.timings)
    const dials = await a.evaluate(([id]) => window.__vainDebug.dialLoop(id, 10), [idB])
    // the dial loop forced and closed its own connections; the discovered direct connection stays
    await a.waitForFunction((id) => document.querySelector(`[data-testid="peer"][data-peer-id="${id}"][data-transport="webrtc"]`) != null, idB, { timeout: 45_000 })
    const rtts = await a.evaluate(([id, n]) => window.__vainDebug.rtt(id as string, n as number), [idB, PINGS])
    await rawChannel(a, b)

    const lib: number[] = []
    const raw: number[] = []
    // warm-up, then alternate so both see the same machine state
    for (let i = 0; i < 2; i++) {
      await a.evaluate(([id, n]) => window.__vainDebug.throughput(id as string, n as number), [idB, BYTES])
      await rawThroughput(a, BYTES)
    }
    for (let i = 0; i < RUNS; i++) {
      const l = await a.evaluate(([id, n]) => window.__vainDebug.throughput(id as string, n as number), [idB, BYTES])
      if (l.bytes !== BYTES) throw new Error(`libp2p stream delivered ${l.bytes} of ${BYTES} bytes`)
      lib.push(BYTES / 1e6 / (l.ms / 1000))
      const r = await rawThroughput(a, BYTES)
      if (r.bytes !== BYTES) throw new Error(`raw channel delivered ${r.bytes} of ${BYTES} bytes`)
      raw.push(BYTES / 1e6 / (r.ms / 1000))
    }

    const dialMs = dials.filter(d => d.ok).map(d => d.ms)
    console.log('bench/p2p — two Chromium pages + relay on loopback (' + new Date().toISOString() + ')')
    console.log(`  node start → relay connected     ${fmt((timings.relayConnected ?? NaN) - (timings.nodeStarted ?? NaN), 0)} ms`)
    console.log(`  node start → relay reservation   ${fmt((timings.reservation ?? NaN) - (timings.nodeStarted ?? NaN), 0)} ms`)
    console.log(`  node start → first direct WebRTC ${fmt((timings.firstDirect ?? NaN) - (timings.nodeStarted ?? NaN), 0)} ms  (includes discovery)`)
    console.log(`  direct WebRTC dial, median of ${dialMs.length}/${dials.length} ok   ${fmt(median(dialMs), 0)} ms`)
    console.log(`  RTT (libp2p ping over WebRTC), median of ${rtts.length}   ${fmt(median(rtts), 2)} ms`)
    console.log(`  ${values.mb} MB over a libp2p stream      ${lib.map(x => fmt(x)).join(' / ')} MB/s  (median ${fmt(median(lib))})`)
    console.log(`  ${values.mb} MB over a raw RTCDataChannel ${raw.map(x => fmt(x)).join(' / ')} MB/s  (median ${fmt(median(raw))})`)
    console.log(`  ratio libp2p / raw                ${fmt(median(lib) / median(raw), 2)}×  (goal ≥ 0.8×)`)
  } finally {
    await browser.close()
    await relay.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch(err => { console.error(err); process.exit(1) })
