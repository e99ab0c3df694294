// Shared set-up for the node:test + viem contract tests: a fresh in-process Hardhat network per
// test file, the whole system deployed by contracts/deploy.ts, and helpers to act as the timelock.
import { network } from 'hardhat'
import { parseEther } from 'viem'
import type { Address } from 'viem'
import type { WalletClient } from '@nomicfoundation/hardhat-viem/types'
import { deployVain } from '../deploy.ts'
import type { DeployVainInit } from '../deploy.ts'

export const VAIN = 10n ** 18n
export const DAY = 86_400n

export async function setup (init: DeployVainInit | ((wallets: WalletClient[]) => DeployVainInit) = {}) {
  const connection = await network.create()
  const { viem, networkHelpers } = connection
  const wallets = await viem.getWalletClients()
  const [deployer, alice, bob, carol, dave, stranger] = wallets
  const genesis = [alice, bob, carol, dave].map(w => ({ to: w.account.address, amount: 3_000_000n * VAIN }))
  const d = await deployVain(viem, { genesis, ...(typeof init === 'function' ? init(wallets) : init) })
  const publicClient = await viem.getPublicClient()

  /** A wallet client that sends as `address` (impersonated), e.g. the timelock. */
  async function as (address: Address) {
    await networkHelpers.impersonateAccount(address)
    await networkHelpers.setBalance(address, parseEther('10'))
    return await viem.getWalletClient(address)
  }

  async function now (): Promise<bigint> {
    return BigInt(await networkHelpers.time.latest())
  }

  return { ...d, connection, viem, networkHelpers, publicClient, wallets, deployer, alice, bob, carol, dave, stranger, as, now }
}

export type Setup = Awaited<ReturnType<typeof setup>>
