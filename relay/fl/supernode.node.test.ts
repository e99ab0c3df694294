/**
 * The supernode against hostile participants, over real libp2p on loopback:
 * six Node libp2p clients join the task (subscribe to its topic) and each sends
 * one kind of update — valid, replayed, forged signature, NaN values, wrong
 * shape, oversized. Each refusal is counted by its reason in /api/rounds and
 * the round still commits. Then a restart on the same data dir resumes at the
 * committed round with the same model CID.
 */
import { describe, it, expect, afterAll } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLibp2p } from 'libp2p'
import type { Libp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { gossipsub } from '@libp2p/gossipsub'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import type { PrivateKey } from '@libp2p/interface'
import { parseCli } from '../config.ts'
import { startRelay } from '../relay.ts'
import type { Relay } from '../relay.ts'
import { roundsTopic } from '#shared/fl/task.ts'
import { verifyRoundAnnounce } from '#shared/fl/round-announce.ts'
import type { RoundAnnounce } from '#shared/fl/round-announce.ts'
import { prepareRoundUpdate } from '#shared/fl/client-update.ts'
import { encodeUpdatePayload, signUpdate, Update } from '#shared/fl/update-codec.ts'
import { PROTOCOL_UPDATE } from '#shared/protocol/ids.ts'

const TASK = { task: { id: 'hostile-test', epochs: 1, fraction: 1, minParticipants: 1, roundDurationMs: 8_000, compression: { topKFraction: 0.05, minTopKFraction: 0.05, maxTopKFraction: 0.05 } }, shards: 10, evalSamples: 500 }

const dirs: string[] = []
const nodes: Libp2p[] = []
let relay: Relay | undefined

afterAll(async () => {
  await Promise.all(nodes.map(n => n.stop()))
  await relay?.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function start (dataDir: string): Promise<Relay> {
  const cli = parseCli(['--port', '0', '--data-dir', dataDir], {})
  if (cli.kind !== 'run') throw new Error('expected run')
  return startRelay({ ...cli.config, task: { ...cli.config.task, ...(await import('#shared/fl/task-info.ts')).resolveTaskInfo(TASK) } })
}

interface Client { node: Libp2p, key: PrivateKey, id: string, announce: Promise<RoundAnnounce> }

async function client (r: Relay): Promise<Client> {
  const node = await createLibp2p({
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: { denyDialMultiaddr: () => false },
    services: { identify: identify(), pubsub: gossipsub({ allowPublishToZeroTopicPeers: true }) }
  })
  nodes.push(node)
  const key = (node as unknown as { components?: { privateKey: PrivateKey } }).components?.privateKey
  const topic = roundsTopic(TASK.task.id)
  const announce = new Promise<RoundAnnounce>(resolve => {
    node.services.pubsub.addEventListener('message', evt => {
      if (evt.detail.topic !== topic) return
      verifyRoundAnnounce(evt.detail.data, { coordinator: r.node.peerId.toString() }).then(resolve, () => {})
    })
  })
  await node.dial(multiaddr(r.node.getMultiaddrs()[0]))
  node.services.pubsub.subscribe(topic)
  if (key == null) throw new Error('no private key on the client')
  return { node, key, id: node.peerId.toString(), announce }
}

async function send (c: Client, r: Relay, frame: Uint8Array, lengthOverride?: number): Promise<{ status: string, reason?: string }> {
  const stream = await c.node.dialProtocol(r.node.peerId, PROTOCOL_UPDATE)
  const lp = lpStream(stream, { maxDataLength: 1024 })
  if (lengthOverride == null) {
    await lp.write(frame)
  } else {
    // a length prefix announcing far more than any update may be
    const prefix: number[] = []
    let n = lengthOverride
    while (n >= 0x80) { prefix.push((n & 0x7f) | 0x80); n = Math.floor(n / 128) }
    prefix.push(n)
    stream.send(Uint8Array.from([...prefix, 1, 2, 3]))
  }
  const reply = await lp.read()
  return JSON.parse(new TextDecoder().decode(reply.subarray())) as { status: string, reason?: string }
}

describe('supernode', () => {
  it('counts forged, replayed, oversized, NaN and wrong-shape updates by reason, still commits, and resumes after a restart', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vain-supernode-'))
    dirs.push(dir)
    relay = await start(dir)
    const r = relay
    const clients = await Promise.all(Array.from({ length: 5 }, async () => await client(r)))
    const announces = await Promise.all(clients.map(async c => await c.announce))
    const a = announces[0]
    expect(new Set(a.participants)).toEqual(new Set(clients.map(c => c.id)))
    const dim = a.dimension
    const delta = (): Float32Array => Float32Array.from({ length: dim }, (_, i) => Math.sin(i) * 1e-3)
    const base = CID.decode(a.baseModelCid)
    const ctx = (c: Client) => ({ taskId: a.taskId, round: Number(a.round), baseModelCid: base, from: c.id })

    // 1. a valid update, then the same frame again (replay)
    const valid = await prepareRoundUpdate(delta(), undefined, { announce: a, privateKey: clients[0].key, from: clients[0].id, samples: 600, loss: 1 })
    expect(await send(clients[0], r, valid.frame)).toEqual({ status: 'accepted' })
    expect(await send(clients[0], r, valid.frame)).toMatchObject({ status: 'rejected', reason: 'ReplayedUpdateError' })

    // 2. a forged signature: client 1's update with the signature bytes altered
    const honest = await prepareRoundUpdate(delta(), undefined, { announce: a, privateKey: clients[1].key, from: clients[1].id, samples: 600, loss: 1 })
    const u = Update.decode(honest.frame)
    u.signature[0] ^= 0xff
    expect(await send(clients[1], r, Update.encode(u))).toMatchObject({ status: 'rejected', reason: 'BadSignatureError' })

    // 3. NaN values, properly signed
    const nanPayload = encodeUpdatePayload({ encoding: 'dense-fp32', dimension: dim, indices: null, fp16: null, fp32: new Float32Array(dim).fill(Number.NaN) }, { samples: 600 })
    expect(await send(clients[2], r, await signUpdate(clients[2].key, ctx(clients[2]), nanPayload))).toMatchObject({ status: 'rejected', reason: 'NonFiniteUpdateError' })

    // 4. the wrong shape, properly signed
    const shapePayload = encodeUpdatePayload({ encoding: 'dense-fp32', dimension: dim - 10, indices: null, fp16: null, fp32: new Float32Array(dim - 10) }, { samples: 600 })
    expect(await send(clients[3], r, await signUpdate(clients[3].key, ctx(clients[3]), shapePayload))).toMatchObject({ status: 'rejected', reason: 'WrongShapeError' })

    // 5. oversized: a length prefix of 512 MiB, refused before anything is allocated
    expect(await send(clients[4], r, new Uint8Array(0), 512 * 1024 * 1024)).toMatchObject({ status: 'rejected', reason: 'MessageTooLargeError' })

    // the round still commits (at its deadline, with the one valid update)
    let rounds: { rounds: Array<{ round: number, accepted: number, rejected: Record<string, number>, modelCid: string }> } = { rounds: [] }
    const until = Date.now() + 40_000
    while (rounds.rounds.length === 0 && Date.now() < until) {
      await new Promise(resolve => setTimeout(resolve, 250))
      rounds = await (await fetch(`${r.url}/api/rounds`)).json()
    }
    const first = rounds.rounds[0]
    expect(first).toMatchObject({ round: 1, accepted: 1 })
    expect(first.rejected).toMatchObject({ ReplayedUpdateError: 1, BadSignatureError: 1, NonFiniteUpdateError: 1, WrongShapeError: 1, MessageTooLargeError: 1 })

    // restart on the same data dir: same round, same model
    await Promise.all(nodes.splice(0).map(n => n.stop()))
    await r.stop()
    relay = await start(dir)
    const status = await (await fetch(`${relay.url}/api/rounds`)).json()
    expect(status.status).toMatchObject({ round: 1, modelCid: first.modelCid })
    expect(status.rounds.map((x: { round: number }) => x.round)).toEqual([1])
  })
})
