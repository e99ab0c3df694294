/**
 * The reward chain's setup files, read and checked before the relay starts: the key file
 * (`--chain-key`) and the deployments file written by `npm run chain` (`--chain-deployments`).
 * A bad file is a ChainSetupError; relay/config.ts turns it into a ConfigError (exit 2).
 */
import { readFileSync } from 'node:fs'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { VainAddresses } from '../../contracts/client.ts'

export class ChainSetupError extends Error {
  static name = 'ChainSetupError'
  constructor (message: string) {
    super(message)
    this.name = 'ChainSetupError'
  }
}

export interface ChainDeployments {
  chainId: number
  contracts: VainAddresses
}

const CONTRACTS = ['VainToken', 'VainTimelock', 'Staking', 'ReputationRegistry', 'RewardDistributor', 'VainGovernor', 'CapacityLease'] as const
const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * The relay's EVM keys: one 32-byte hex private key per line (`#` comments and blank lines
 * ignored). The first key sends the transactions and must hold RewardDistributor's
 * PUBLISHER_ROLE; every key that is a ReputationRegistry oracle signs the reputation root.
 */
export function readChainKeys (path: string): Hex[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ChainSetupError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  const lines = text.split(/\r?\n/).map(l => l.replace(/#.*/, '').trim()).filter(l => l !== '')
  if (lines.length === 0) throw new ChainSetupError(`${path} holds no key (one 0x-prefixed 32-byte hex private key per line)`)
  const keys = lines.map((l, i) => {
    if (!PRIVATE_KEY.test(l)) throw new ChainSetupError(`${path}: line ${i + 1} is not a 32-byte hex private key`)
    const key = (l.startsWith('0x') ? l : `0x${l}`) as Hex
    try {
      privateKeyToAccount(key)
    } catch {
      throw new ChainSetupError(`${path}: line ${i + 1} is not a valid secp256k1 private key`)
    }
    return key
  })
  if (new Set(keys.map(k => k.toLowerCase())).size !== keys.length) throw new ChainSetupError(`${path} names a key twice`)
  return keys
}

/** The chain id and contract addresses from a deployments file (`npm run chain` writes one). */
export function readDeployments (path: string): ChainDeployments {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new ChainSetupError(`cannot read ${path} as JSON: ${code ?? (err as Error).message}${code === 'ENOENT' ? ' (start a local chain with npm run chain)' : ''}`)
  }
  const file = json as { chainId?: unknown, contracts?: Record<string, unknown> }
  if (!Number.isSafeInteger(file.chainId) || (file.chainId as number) <= 0) throw new ChainSetupError(`${path}: chainId must be a positive integer`)
  if (file.contracts == null || typeof file.contracts !== 'object') throw new ChainSetupError(`${path}: no "contracts" object`)
  const contracts: Partial<Record<(typeof CONTRACTS)[number], Address>> = {}
  for (const name of CONTRACTS) {
    const a = file.contracts[name]
    if (typeof a !== 'string' || !ADDRESS.test(a)) throw new ChainSetupError(`${path}: contracts.${name} must be a 20-byte hex address`)
    contracts[name] = a as Address
  }
  return { chainId: file.chainId as number, contracts: contracts as VainAddresses }
}
