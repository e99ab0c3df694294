/**
 * A relay with --chain-rpc against a local chain (`npm run chain`'s script on a free port), end
 * to end: two Node libp2p nodes register their payout accounts (signed with their peer keys),
 * join the task and each send one valid update (600 and 1,400 samples); the round commits; the
 * relay restarts mid-epoch and resumes it from LevelDB; an operator closes the epoch with POST /api/epochs/close, which publishes both roots; each node
 * reads GET /api/rewards/:peerId, claims what it says through RewardDistributor, and its token
 * balance moves by exactly that amount.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
import type { PrivateKey } from '@libp2p/interface'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import { createPublicClient, createWalletClient, http, parseEther, toHex } from 'viem'
import type { Hex, PublicClient } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import { parseCli } from '../config.ts'
import { startRelay } from '../relay.ts'
import type { Relay } from '../relay.ts'
import { resolveTaskInfo } from '#shared/fl/task-info.ts'
import { roundsTopic } from '#shared/fl/task.ts'
import { verifyRoundAnnounce } from '#shared/fl/round-announce.ts'
import type { RoundAnnounce } from '#shared/fl/round-announce.ts'
import { prepareRoundUpdate } from '#shared/fl/client-update.ts'
import { PROTOCOL_UPDATE } from '#shared/protocol/ids.ts'
import { payoutRegistrationMessage } from '#shared/rewards/index.ts'
import { claimReward, erc20Abi, reputationRegistryAbi } from '../../contracts/client.ts'
import type { Wallet } from '../../contracts/client.ts'
import type { EpochRecord, PeerRewards } from './epoch-rewards.ts'

const MNEMONIC = 'test test test test test test test test test test test junk'
const PORT = 18_900 + Math.floor(Math.random() * 300)
const RPC = `http://127.0.0.1:${PORT}`
const TASK = { task: { id: 'chain-test', epochs: 1, fraction: 1, minParticipants: 2, roundDurationMs: 20_000, compression: { topKFraction: 0.05, minTopKFraction: 0.05, maxTopKFraction: 0.05 } }, shards: 10, evalSamples: 200 }

const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i })
const wallet = (i: number): Wallet => createWalletClient({ account: account(i), chain: hardhat, transport: http(RPC), pollingInterval: 250 })
const privateKeyHex = (i: number): Hex => toHex(account(i).getHdKey().privateKey!)

let dir: string
let chain: ChildProcess | undefined
let relay: Relay | undefined
let relayConfig: Parameters<typeof startRelay>[0]
const nodes: Libp2p[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vain-relay-chain-'))
  const deployments = join(dir, 'deployments.json')
  // as `npm run chain` does: npm on Node 20 may have left out Hardhat's native runtime (shared/TOOLCHAIN.md)
  expect(spawnSync(process.execPath, ['scripts/ensure-platform-packages.mjs'], { stdio: 'inherit' }).status).toBe(0)
  chain = spawn(process.execPath, ['contracts/scripts/chain.ts', '--port', String(PORT), '--out', deployments], { stdio: 'ignore' })
  const deadline = Date.now() + 110_000
  while (!existsSync(deployments)) {
    if (Date.now() > deadline || chain.exitCode !== null) throw new Error('npm run chain did not write its deployments file')
    await new Promise(resolve => setTimeout(resolve, 250))
  }
  await new Promise(resolve => setTimeout(resolve, 200)) // let the writer finish
  expect(JSON.parse(readFileSync(deployments, 'utf8')).chainId).toBe(31337)
  // the publisher (#0) and a second oracle (#1): 2 of the 3 oracle signatures the registry needs
  const keyFile = join(dir, 'relay.key')
  writeFileSync(keyFile, `# relay keys, local chain only\n${privateKeyHex(0)}\n${privateKeyHex(1)}\n`, { mode: 0o600 })
  const cli = parseCli(['--port', '0', '--data-dir', join(dir, 'relay'), '--chain-rpc', RPC, '--chain-key', keyFile, '--chain-deployments', deployments], {})
  if (cli.kind !== 'run') throw new Error('expected run')
  relayConfig = { ...cli.config, task: { ...cli.config.task, ...resolveTaskInfo(TASK) } }
  relay = await startRelay(relayConfig)
}, 150_000)

afterAll(async () => {
  await Promise.all(nodes.map(n => n.stop()))
  await relay?.stop()
  if (chain != null && chain.exitCode === null) {
    const exited = new Promise(resolve => chain!.once('exit', resolve))
    chain.kill('SIGTERM')
    await exited
  }
  rmSync(dir, { recursive: true, force: true })
}, 30_000)

interface Client { node: Libp2p, key: PrivateKey, id: string, announce: Promise<RoundAnnounce>, join: () => void }

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
  if (key == null) throw new Error('no private key on the client')
  const topic = roundsTopic(TASK.task.id)
  const announce = new Promise<RoundAnnounce>(resolve => {
    node.services.pubsub.addEventListener('message', evt => {
      if (evt.detail.topic !== topic) return
      verifyRoundAnnounce(evt.detail.data, { coordinator: r.node.peerId.toString() }).then(resolve, () => {})
    })
  })
  await node.dial(multiaddr(r.node.getMultiaddrs()[0]))
  return { node, key, id: node.peerId.toString(), announce, join: () => { node.services.pubsub.subscribe(topic) } }
}

async function register (r: Relay, peerId: string, signer: PrivateKey, payTo: string): Promise<Response> {
  const fields = { peerId, account: payTo, issuedAt: Date.now() }
  const signature = uint8ArrayToString(await signer.sign(payoutRegistrationMessage(fields)), 'base64url')
  return await fetch(`${r.url}/api/rewards/account`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...fields, signature }) })
}

async function sendUpdate (c: Client, r: Relay, frame: Uint8Array): Promise<{ status: string }> {
  const stream = await c.node.dialProtocol(r.node.peerId, PROTOCOL_UPDATE)
  const lp = lpStream(stream, { maxDataLength: 1024 })
  await lp.write(frame)
  return JSON.parse(new TextDecoder().decode((await lp.read()).subarray())) as { status: string }
}

describe('relay with --chain-rpc', () => {
  it('closes an epoch from accepted updates (across a relay restart), publishes it, and each node claims exactly what /api/rewards/:peerId says', { timeout: 90_000 }, async () => {
    let r = relay!
    const publicClient = createPublicClient({ chain: hardhat, transport: http(RPC), pollingInterval: 250 }) as PublicClient
    const [a, b] = await Promise.all([client(r), client(r)])

    // payout accounts, each signed by the node's own peer key; a key signing for another peer is refused
    const forged = await register(r, a.id, b.key, account(13).address)
    expect(forged.status).toBe(400)
    expect(await forged.json()).toMatchObject({ error: 'BadRegistrationError' })
    const stranger = await generateKeyPair('Ed25519')
    const unknown = await register(r, peerIdFromPrivateKey(stranger).toString(), stranger, account(14).address)
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).message).toMatch(/connected/)
    expect((await register(r, a.id, a.key, account(12).address)).status).toBe(200)
    expect((await register(r, b.id, b.key, account(13).address)).status).toBe(200)
    const before = await (await fetch(`${r.url}/api/rewards/${a.id}`)).json() as PeerRewards
    expect(before).toMatchObject({ peerId: a.id, account: account(12).address.toLowerCase(), chainId: 31337, epochs: [], stakeTier: 0 })

    // nothing accepted yet: nothing to close
    const empty = await fetch(`${r.url}/api/epochs/close`, { method: 'POST' })
    expect(empty.status).toBe(409)

    // both join the task and send one valid update each
    a.join()
    b.join()
    const [ann] = await Promise.all([a.announce, b.announce])
    const delta = Float32Array.from({ length: ann.dimension }, (_, i) => Math.sin(i) * 1e-3)
    for (const [c, samples] of [[a, 600], [b, 1_400]] as const) {
      const u = await prepareRoundUpdate(delta, undefined, { announce: ann, privateKey: c.key, from: c.id, samples, loss: 1 })
      expect(await sendUpdate(c, r, u.frame)).toEqual({ status: 'accepted' })
    }
    const until = Date.now() + 30_000
    let rounds: Array<{ accepted: number }> = []
    while (rounds.length === 0 && Date.now() < until) {
      await new Promise(resolve => setTimeout(resolve, 250))
      rounds = (await (await fetch(`${r.url}/api/rounds`)).json()).rounds
    }
    expect(rounds[0]).toMatchObject({ accepted: 2 })

    // the relay restarts mid-epoch (same data dir): the open epoch's counters and the accounts survive
    const openEpoch = (await (await fetch(`${r.url}/api/epochs`)).json()).current
    await Promise.all(nodes.splice(0).map(n => n.stop()))
    await r.stop()
    relay = r = await startRelay(relayConfig)
    expect((await (await fetch(`${r.url}/api/epochs`)).json()).current).toEqual(openEpoch)

    // the operator closes the epoch; both roots land on chain
    const res = await fetch(`${r.url}/api/epochs/close`, { method: 'POST' })
    const record = await res.json() as EpochRecord
    expect(res.status, JSON.stringify(record)).toBe(200)
    const emission = parseEther('1000')
    expect(record).toMatchObject({ epoch: openEpoch.epoch, published: true, peers: 2, rewards: { total: emission.toString() } })
    expect(await publicClient.readContract({ address: r.rewards!.addresses.ReputationRegistry, abi: reputationRegistryAbi, functionName: 'rootOf', args: [BigInt(record.epoch)] })).toBe(record.reputation.root)

    // each node claims what the relay says, paid to its registered account
    let paid = 0n
    for (const [c, i, share] of [[a, 12, 600n], [b, 13, 1_400n]] as const) {
      const view = await (await fetch(`${r.url}/api/rewards/${c.id}`)).json() as PeerRewards
      expect(view.epochs).toHaveLength(1)
      const e = view.epochs[0]
      expect(e).toMatchObject({ epoch: record.epoch, published: true, claimed: false, account: account(i).address.toLowerCase() })
      const amount = BigInt(e.amount)
      // weight ∝ samples here (same quality, uptime, no link, compute or lock measurements)
      expect(amount).toBe(emission * share / 2_000n)
      expect(e.reputation.score).toBeGreaterThan(0)
      const balance = async (): Promise<bigint> => await publicClient.readContract({ address: r.rewards!.addresses.VainToken, abi: erc20Abi, functionName: 'balanceOf', args: [account(i).address] })
      const start = await balance()
      await claimReward(wallet(i), publicClient, r.rewards!.addresses.RewardDistributor, { epoch: BigInt(e.epoch), account: e.account, amount, proof: e.proof })
      expect(await balance() - start).toBe(amount)
      paid += amount
      const after = await (await fetch(`${r.url}/api/rewards/${c.id}`)).json() as PeerRewards
      expect(after.epochs[0].claimed).toBe(true)
      await expect(claimReward(wallet(i), publicClient, r.rewards!.addresses.RewardDistributor, { epoch: BigInt(e.epoch), account: e.account, amount, proof: e.proof })).rejects.toThrow(/AlreadyClaimed/)
    }
    expect(paid).toBe(emission)

    // the next epoch is open and numbered on
    const epochs = await (await fetch(`${r.url}/api/epochs`)).json()
    expect(epochs.current.epoch).toBe((BigInt(record.epoch) + 1n).toString())
    expect(epochs.closed).toHaveLength(1)
  })

  it('closes epochs on its --epoch-seconds timer: an empty one starts over under the same number', { timeout: 40_000 }, async () => {
    const cli = parseCli(['--port', '0', '--data-dir', join(dir, 'relay-timer'), '--no-coordinator', '--epoch-seconds', '10',
      '--chain-rpc', RPC, '--chain-key', relayConfig.chain!.keyFile, '--chain-deployments', relayConfig.chain!.deploymentsFile], {})
    if (cli.kind !== 'run') throw new Error('expected run')
    const timed = await startRelay(cli.config)
    try {
      const first = (await (await fetch(`${timed.url}/api/epochs`)).json()).current
      expect(first.endsAt - first.startedAt).toBe(10_000)
      let now = first
      while (now.startedAt === first.startedAt && Date.now() < first.endsAt + 15_000) {
        await new Promise(resolve => setTimeout(resolve, 250))
        now = (await (await fetch(`${timed.url}/api/epochs`)).json()).current
      }
      expect(now.startedAt).toBeGreaterThanOrEqual(first.endsAt)
      expect(now.epoch).toBe(first.epoch)
      expect((await (await fetch(`${timed.url}/api/epochs`)).json()).closed).toEqual([])
    } finally {
      await timed.stop()
    }
  })
})
