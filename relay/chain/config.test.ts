import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseEther } from 'viem'
import { parseCli, DEFAULT_EPOCH_SECONDS } from '../config.ts'
import type { RelayConfig } from '../config.ts'

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const ADDRESS = (n: number): string => '0x' + n.toString(16).padStart(40, '0')
let dir: string
let keyFile: string
let deployments: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vain-chain-config-'))
  keyFile = join(dir, 'key')
  writeFileSync(keyFile, `${KEY}\n`)
  deployments = join(dir, 'deployments.json')
  const contracts = Object.fromEntries(['VainToken', 'VainTimelock', 'Staking', 'ReputationRegistry', 'RewardDistributor', 'VainGovernor', 'CapacityLease'].map((n, i) => [n, ADDRESS(i + 1)]))
  writeFileSync(deployments, JSON.stringify({ chainId: 31337, contracts }))
})
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

function run (argv: string[], env: Record<string, string> = {}): RelayConfig {
  const r = parseCli(argv, env)
  if (r.kind !== 'run') throw new Error('expected run')
  return r.config
}
const configError = (message: RegExp) => expect.objectContaining({ name: 'ConfigError', message: expect.stringMatching(message) })

describe('relay config: reward chain', () => {
  it('has no chain without --chain-rpc', () => {
    expect(run([]).chain).toBeUndefined()
    expect('chain' in run([])).toBe(false)
  })

  it('reads --chain-rpc, --chain-key, --chain-deployments, --epoch-seconds and --epoch-emission (flags over env)', () => {
    const c = run(['--chain-rpc', 'http://127.0.0.1:8545', '--chain-key', keyFile, '--chain-deployments', deployments, '--epoch-seconds', '3600', '--epoch-emission', '2.5'])
    expect(c.chain).toEqual({ rpc: 'http://127.0.0.1:8545', keyFile, deploymentsFile: deployments, epochSeconds: 3600, epochEmission: parseEther('2.5') })
    const e = run([], { VAIN_CHAIN_RPC: 'https://rpc.example', VAIN_CHAIN_KEY: keyFile, VAIN_CHAIN_DEPLOYMENTS: deployments })
    expect(e.chain).toMatchObject({ rpc: 'https://rpc.example', epochSeconds: DEFAULT_EPOCH_SECONDS, epochEmission: parseEther('1000') })
  })

  it('refuses chain options without --chain-rpc, a bad URL, a missing key, bad files and out-of-range values', () => {
    const base = ['--chain-rpc', 'http://127.0.0.1:8545', '--chain-key', keyFile, '--chain-deployments', deployments]
    expect(() => run(['--chain-key', keyFile])).toThrow(configError(/--chain-key needs --chain-rpc/))
    expect(() => run(['--epoch-seconds', '60'])).toThrow(configError(/--epoch-seconds needs --chain-rpc/))
    expect(() => run(['--chain-rpc', 'ws://x:1', '--chain-key', keyFile, '--chain-deployments', deployments])).toThrow(configError(/--chain-rpc must be an http/))
    expect(() => run(['--chain-rpc', 'http://127.0.0.1:8545', '--chain-deployments', deployments])).toThrow(configError(/needs --chain-key/))
    expect(() => run([...base.slice(0, 2), '--chain-key', join(dir, 'nope'), '--chain-deployments', deployments])).toThrow(configError(/--chain-key: cannot read .*ENOENT/))
    const badKey = join(dir, 'bad-key')
    writeFileSync(badKey, '0x1234\n')
    expect(() => run([...base.slice(0, 2), '--chain-key', badKey, '--chain-deployments', deployments])).toThrow(configError(/--chain-key: .*line 1 is not a 32-byte hex private key/))
    expect(() => run([...base.slice(0, 4), '--chain-deployments', join(dir, 'none.json')])).toThrow(configError(/--chain-deployments: .*npm run chain/))
    const badDeployments = join(dir, 'bad.json')
    writeFileSync(badDeployments, JSON.stringify({ chainId: 31337, contracts: { VainToken: '0x12' } }))
    expect(() => run([...base.slice(0, 4), '--chain-deployments', badDeployments])).toThrow(configError(/contracts\.VainToken must be/))
    expect(() => run([...base, '--epoch-seconds', '5'])).toThrow(configError(/--epoch-seconds must be between/))
    expect(() => run([...base, '--epoch-emission', '0'])).toThrow(configError(/--epoch-emission must be above 0/))
    expect(() => run([...base, '--epoch-emission', '1e3'])).toThrow(configError(/--epoch-emission must be a positive number/))
    expect(() => run([...base, '--epoch-emission', '20000000'])).toThrow(configError(/at most 10000000 VAIN/))
    expect(() => run([...base, '--epoch-emission=-1'])).toThrow(configError(/--epoch-emission must be a positive number/))
  })

  it('takes the chain options from a config file too', () => {
    const file = join(dir, 'relay.json')
    writeFileSync(file, JSON.stringify({ chainRpc: 'http://127.0.0.1:8545', chainKey: keyFile, chainDeployments: deployments, epochSeconds: 600 }))
    expect(run(['--config', file]).chain).toMatchObject({ rpc: 'http://127.0.0.1:8545', epochSeconds: 600 })
  })
})
