// `npm run chain` end to end, and the viem client module against that real Hardhat node over
// HTTP, the way the relay will use them: close an epoch from per-node counters in TypeScript,
// publish both roots (reward root by the publisher key, reputation root with 2 of 3 oracle
// signatures), then a node claims what it was told and its balance moves by exactly that.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createPublicClient, createWalletClient, http } from 'viem'
import type { PublicClient } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import { closeEpoch, peerRewardView } from '../../shared/rewards/index.ts'
import type { NodeEpochCounters } from '../../shared/rewards/index.ts'
import { claimReward, erc20Abi, isClaimed, proveReputation, publishEpoch, reputationRegistryAbi, signEpochRoot } from '../client.ts'
import type { VainAddresses, Wallet } from '../client.ts'

const MNEMONIC = 'test test test test test test test test test test test junk'
const PORT = 18_600 + Math.floor(Math.random() * 300)
const RPC = `http://127.0.0.1:${PORT}`

describe('npm run chain + contracts/client.ts over HTTP', () => {
  let chain: ChildProcess
  let dir: string
  let addresses: VainAddresses
  let publicClient: PublicClient
  const wallet = (i: number): Wallet => createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: i }), chain: hardhat, transport: http(RPC) })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vain-chain-'))
    const out = join(dir, 'deployments.json')
    chain = spawn(process.execPath, ['contracts/scripts/chain.ts', '--port', String(PORT), '--out', out], { stdio: 'ignore' })
    const deadline = Date.now() + 90_000
    while (!existsSync(out)) {
      if (Date.now() > deadline || chain.exitCode !== null) throw new Error('npm run chain did not write its deployments file')
      await new Promise(resolve => setTimeout(resolve, 250))
    }
    await new Promise(resolve => setTimeout(resolve, 200)) // let the writer finish
    const file = JSON.parse(readFileSync(out, 'utf8'))
    assert.equal(file.chainId, 31337)
    addresses = file.contracts
    publicClient = createPublicClient({ chain: hardhat, transport: http(RPC) }) as PublicClient
  })

  after(async () => {
    if (chain.exitCode === null) {
      const exited = new Promise(resolve => chain.once('exit', resolve))
      chain.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('deploys all six contracts with code at each address', async () => {
    for (const name of ['VainToken', 'Staking', 'ReputationRegistry', 'RewardDistributor', 'VainGovernor', 'CapacityLease', 'VainTimelock'] as const) {
      const code = await publicClient.getCode({ address: addresses[name] })
      assert.ok(code !== undefined && code.length > 2, `${name} has code`)
    }
  })

  it('closes an epoch from counters, publishes it, and a node claims exactly what it was told', async () => {
    const node = (i: number, samples: number): NodeEpochCounters => ({
      peerId: `12D3KooWnode${i}`, account: wallet(10 + i).account.address, acceptedUpdates: 3, samples,
      quality: 0.9, uptime: 0.9995, computeSamplesPerSecond: 800, bandwidthMbps: 200, latencyMs: 40
    })
    const closed = closeEpoch([node(0, 1_200), node(1, 3_400), node(2, 777)], { epoch: 1n, emission: 1_000n * 10n ** 18n + 1n })
    const publisher = wallet(0)
    const signatures = [await signEpochRoot(wallet(2), addresses.ReputationRegistry, 1n, closed.reputation.root),
      await signEpochRoot(wallet(1), addresses.ReputationRegistry, 1n, closed.reputation.root)]
    await publishEpoch(publisher, publicClient, addresses, { epoch: 1n, rewards: closed.rewards, reputation: closed.reputation }, signatures)
    assert.equal(await publicClient.readContract({ address: addresses.ReputationRegistry, abi: reputationRegistryAbi, functionName: 'rootOf', args: [1n] }), closed.reputation.root)

    // what GET /api/rewards/:peerId will serve, and the node claiming it with its own key
    const view = peerRewardView(closed, '12D3KooWnode1')
    const me = wallet(11)
    assert.equal(view.account.toLowerCase(), me.account.address.toLowerCase())
    const balance = async () => await publicClient.readContract({ address: addresses.VainToken, abi: erc20Abi, functionName: 'balanceOf', args: [me.account.address] })
    const before = await balance()
    await claimReward(me, publicClient, addresses.RewardDistributor, view)
    assert.equal(await balance() - before, view.amount)
    assert.ok(view.amount > 0n)
    assert.equal(await isClaimed(publicClient, addresses.RewardDistributor, 1n, view.account), true)
    await assert.rejects(claimReward(me, publicClient, addresses.RewardDistributor, view), /AlreadyClaimed/)

    await proveReputation(me, publicClient, addresses.ReputationRegistry, { epoch: 1n, ...view.reputation, account: view.account })
    assert.equal(await publicClient.readContract({ address: addresses.ReputationRegistry, abi: reputationRegistryAbi, functionName: 'tierOf', args: [view.account] }), view.reputation.tier)
  })
})
