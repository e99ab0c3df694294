/**
 * The dashboard's rewards rows against a real local chain and a relay started with --chain-rpc:
 * the browser names its payout account (signed with its peer key), contributes one round, the
 * operator closes the epoch, the page shows the claimable amount and proof, and Claim through an
 * injected EIP-1193 wallet (forwarding to the Hardhat node, whose test accounts are unlocked)
 * moves the account's token balance by exactly that amount.
 */
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, http, parseAbi, parseEther, toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import { test, expect, startRelayProcess } from './fixtures.ts'

const MNEMONIC = 'test test test test test test test test test test test junk'
const PORT = 19_300 + Math.floor(Math.random() * 300)
const RPC = `http://127.0.0.1:${PORT}`
const PAY_TO = mnemonicToAccount(MNEMONIC, { addressIndex: 14 }).address

test('a browser names its payout account, contributes, and claims exactly the amount its dashboard shows', async ({ newContext }) => {
  test.setTimeout(300_000)
  const dir = mkdtempSync(join(tmpdir(), 'vain-e2e-chain-'))
  let chain: ChildProcess | undefined
  let relay: Awaited<ReturnType<typeof startRelayProcess>> | undefined
  try {
    expect(spawnSync(process.execPath, ['scripts/ensure-platform-packages.mjs'], { stdio: 'inherit' }).status).toBe(0)
    const deployments = join(dir, 'deployments.json')
    chain = spawn(process.execPath, ['contracts/scripts/chain.ts', '--port', String(PORT), '--out', deployments], { stdio: 'ignore' })
    await expect.poll(() => existsSync(deployments), { timeout: 110_000 }).toBe(true)
    await new Promise(resolve => setTimeout(resolve, 200))
    const contracts = JSON.parse(readFileSync(deployments, 'utf8')).contracts as { VainToken: `0x${string}` }
    const keyFile = join(dir, 'relay.key')
    const key = (i: number): string => toHex(mnemonicToAccount(MNEMONIC, { addressIndex: i }).getHdKey().privateKey!)
    writeFileSync(keyFile, `${key(0)}\n${key(1)}\n`, { mode: 0o600 })
    const task = join(dir, 'task.json')
    const fast = JSON.parse(readFileSync('e2e/fixtures/fast-task.json', 'utf8'))
    writeFileSync(task, JSON.stringify({ ...fast, task: { ...fast.task, id: 'mnist-2nn-rewards-e2e', minParticipants: 1 } }))
    relay = await startRelayProcess({ args: ['--task', task, '--chain-rpc', RPC, '--chain-key', keyFile, '--chain-deployments', deployments] })
    const r = relay

    const page = await (await newContext()).newPage()
    // an injected wallet: account #14, everything else forwarded to the Hardhat node from the test
    await page.exposeFunction('__hardhatRpc', async (method: string, params: unknown[]) => {
      const res = await fetch(RPC, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
      const body = await res.json() as { result?: unknown, error?: { message: string } }
      if (body.error != null) throw new Error(body.error.message)
      return body.result
    })
    await page.addInitScript((account: string) => {
      const rpc = (window as unknown as { __hardhatRpc: (m: string, p: unknown[]) => Promise<unknown> }).__hardhatRpc
      ;(window as unknown as { ethereum: unknown }).ethereum = {
        request: async ({ method, params }: { method: string, params?: unknown[] }) =>
          method === 'eth_requestAccounts' || method === 'eth_accounts' ? [account] : await rpc(method, params ?? [])
      }
    }, PAY_TO)
    await page.goto(r.url)
    await expect(page.getByTestId('relay-status')).toContainText('connected')

    // the rows know the chain; name the payout account from the wallet, signed with the node key
    await expect(page.getByTestId('rewards')).toHaveAttribute('data-chain', 'on')
    await page.getByRole('button', { name: 'Use wallet' }).click()
    await expect(page.getByTestId('payout-account')).toHaveValue(PAY_TO)
    await page.getByTestId('register-payout').click()
    await expect(page.getByTestId('payout-account-set')).toHaveText(PAY_TO.toLowerCase())

    // contribute until one round commits, then the operator closes the epoch
    await page.getByTestId('contribute').click()
    await expect.poll(async () => (await (await fetch(`${r.url}/api/rounds`)).json()).rounds.length, { timeout: 180_000 }).toBeGreaterThan(0)
    const closed = await fetch(`${r.url}/api/epochs/close`, { method: 'POST' })
    const record = await closed.json()
    expect(closed.status, JSON.stringify(record)).toBe(200)
    await page.getByTestId('contribute').click() // stop

    // one contributor: the whole emission is this node's
    await page.reload()
    const row = page.getByTestId('reward-epoch').first()
    await expect(row).toHaveAttribute('data-amount', parseEther('1000').toString())
    await expect(row).toContainText('1,000 VAIN')
    await expect(row).toContainText('claimable')
    await expect(page.getByTestId('reputation-score')).toBeVisible()
    await expect(page.getByTestId('reward-proof')).toContainText('"proof"')
    await page.locator('section[aria-labelledby="stats-h"]').screenshot({ path: 'test-results/rewards-claimable.png' })

    const publicClient = createPublicClient({ chain: hardhat, transport: http(RPC) })
    const balance = async (): Promise<bigint> => await publicClient.readContract({ address: contracts.VainToken, abi: parseAbi(['function balanceOf(address) view returns (uint256)']), functionName: 'balanceOf', args: [PAY_TO] })
    const before = await balance()
    await page.getByTestId('claim').click()
    await expect(page.getByTestId('rewards-message')).toContainText('sent')
    await expect.poll(balance, { timeout: 30_000 }).toBe(before + parseEther('1000'))
    await page.reload()
    await expect(page.getByTestId('reward-epoch').first()).toHaveAttribute('data-claimed', 'true')
  } finally {
    await relay?.stop()
    if (relay != null) rmSync(relay.dataDir, { recursive: true, force: true })
    if (chain != null && chain.exitCode === null) {
      const exited = new Promise(resolve => chain!.once('exit', resolve))
      chain.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
})
