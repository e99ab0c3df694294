/**
 * Relay configuration: defaults < config file (JSON) < environment < flags.
 * Everything is validated here, at the edge; a bad value is a ConfigError whose
 * message names the flag, and the CLI exits with code 2.
 */
import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { resolveTaskInfo } from '#shared/fl/task-info.ts'
import type { TaskInfo } from '#shared/fl/task-info.ts'
import { parseEther } from 'viem'
import { readChainKeys, readDeployments } from './chain/setup.ts'

export class ConfigError extends Error {
  static name = 'ConfigError'
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export interface RelayConfig {
  /** HTTP port (PWA, REST API, metrics). @default 8080 */
  port: number
  /** Interface to bind HTTP and libp2p listeners to. @default '127.0.0.1' */
  host: string
  /** libp2p WebSocket port; 0 picks a free one. @default port + 1 (0 when port is 0) */
  p2pPort: number
  /** Where the relay keeps its key, peer store and data. @default './.vain' */
  dataDir: string
  /** Multiaddrs to announce instead of the listen addresses (public address behind NAT). @default [] */
  announce: string[]
  /** Multiaddrs of other relays to join. @default [] */
  bootstrap: string[]
  /** Circuit-relay reservations held at once (one per browser). @default 1024 */
  maxReservations: number
  /** Connections held at once. @default 2048 */
  maxConnections: number
  /** Directory of the built PWA. @default './dist/web' */
  webDir: string
  /** Directory of the built data shards. @default './dist/data' */
  dataAssetsDir: string
  /** Coordinate rounds of a task as a supernode. @default true */
  coordinator: boolean
  /** The task coordinated (from --task JSON over the defaults). @default the MNIST 2NN IID task, 100 shards */
  task: TaskInfo
  /** Epoch rewards on chain; absent without --chain-rpc (the relay then runs exactly as before). @default undefined */
  chain?: ChainConfig
}

export interface ChainConfig {
  /** JSON-RPC URL of the chain the incentive contracts live on. */
  rpc: string
  /** File of the relay's EVM private keys, one per line (first: publisher; oracles sign). Checked when parsed. */
  keyFile: string
  /** Deployments file written by `npm run chain`. @default './contracts/deployments/localhost.json' */
  deploymentsFile: string
  /** Length of a reward epoch; the relay closes one on this timer. @default 86,400 (1 day) */
  epochSeconds: number
  /** Tokens (wei) an epoch pays out in total. @default 1,000 VAIN */
  epochEmission: bigint
}

export const DEFAULT_PORT = 8080
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_DATA_DIR = './.vain'
export const DEFAULT_MAX_RESERVATIONS = 1024
export const DEFAULT_MAX_CONNECTIONS = 2048
export const DEFAULT_WEB_DIR = './dist/web'
export const DEFAULT_DATA_ASSETS_DIR = './dist/data'
export const DEFAULT_CHAIN_DEPLOYMENTS = './contracts/deployments/localhost.json'
export const DEFAULT_EPOCH_SECONDS = 24 * 60 * 60
export const DEFAULT_EPOCH_EMISSION_VAIN = '1000'
/** RewardDistributor's default maxEpochEmission. */
export const MAX_EPOCH_EMISSION_VAIN = 10_000_000

export const HELP = `vain-relay: a vAIn relay, bootstrap node and supernode

Usage: vain-relay [options]

Options (environment variable in brackets):
  --port <n>             HTTP port for the PWA, REST API and /metrics [VAIN_PORT] (default ${DEFAULT_PORT})
  --host <addr>          interface to bind [VAIN_HOST] (default ${DEFAULT_HOST})
  --p2p-port <n>         libp2p WebSocket port, 0 = any free port [VAIN_P2P_PORT] (default port+1)
  --data-dir <dir>       persistent key, peer store and data [VAIN_DATA_DIR] (default ${DEFAULT_DATA_DIR})
  --announce <maddr>     address to announce, repeatable or comma-separated [VAIN_ANNOUNCE]
  --bootstrap <maddr>    other relay to join, repeatable or comma-separated [VAIN_BOOTSTRAP]
  --max-reservations <n> circuit-relay reservations held at once [VAIN_MAX_RESERVATIONS] (default ${DEFAULT_MAX_RESERVATIONS})
  --max-connections <n>  connections held at once [VAIN_MAX_CONNECTIONS] (default ${DEFAULT_MAX_CONNECTIONS})
  --web-dir <dir>        built PWA to serve [VAIN_WEB_DIR] (default ${DEFAULT_WEB_DIR})
  --task <file>          task JSON: { "task": { TaskConfig fields }, "shards", "seed", "evalSamples" } [VAIN_TASK]
                         (default: the FedAvg paper's MNIST 2NN, IID, 100 shards)
  --no-coordinator       relay only: do not coordinate rounds [VAIN_COORDINATOR=0]
  --chain-rpc <url>      close reward epochs on this chain (JSON-RPC over http/https) [VAIN_CHAIN_RPC]
                         (default: off, no chain)
  --chain-key <file>     the relay's EVM keys, one hex private key per line; the first publishes the
                         reward root, every oracle among them signs the reputation root [VAIN_CHAIN_KEY]
  --chain-deployments <file>  contract addresses [VAIN_CHAIN_DEPLOYMENTS] (default ${DEFAULT_CHAIN_DEPLOYMENTS})
  --epoch-seconds <n>    reward epoch length; also POST /api/epochs/close from loopback [VAIN_EPOCH_SECONDS] (default ${DEFAULT_EPOCH_SECONDS})
  --epoch-emission <n>   VAIN paid out per epoch [VAIN_EPOCH_EMISSION] (default ${DEFAULT_EPOCH_EMISSION_VAIN})
  --config <file>        JSON file with any of the options above (camelCase keys) [VAIN_CONFIG]
  -h, --help             show this help
  -v, --version          print the version

Logs: DEBUG=vain:*,libp2p:circuit-relay* vain-relay
`

const ENV: Record<string, string> = {
  port: 'VAIN_PORT',
  host: 'VAIN_HOST',
  'p2p-port': 'VAIN_P2P_PORT',
  'data-dir': 'VAIN_DATA_DIR',
  announce: 'VAIN_ANNOUNCE',
  bootstrap: 'VAIN_BOOTSTRAP',
  'max-reservations': 'VAIN_MAX_RESERVATIONS',
  'max-connections': 'VAIN_MAX_CONNECTIONS',
  'web-dir': 'VAIN_WEB_DIR',
  task: 'VAIN_TASK',
  'chain-rpc': 'VAIN_CHAIN_RPC',
  'chain-key': 'VAIN_CHAIN_KEY',
  'chain-deployments': 'VAIN_CHAIN_DEPLOYMENTS',
  'epoch-seconds': 'VAIN_EPOCH_SECONDS',
  'epoch-emission': 'VAIN_EPOCH_EMISSION',
  config: 'VAIN_CONFIG'
}

export type CliResult = { kind: 'help' } | { kind: 'version' } | { kind: 'run', config: RelayConfig }

/** Parses argv (without node and script) and env into a validated config. */
export function parseCli (argv: string[], env: Record<string, string | undefined> = {}): CliResult {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'p2p-port': { type: 'string' },
        'data-dir': { type: 'string' },
        announce: { type: 'string', multiple: true },
        bootstrap: { type: 'string', multiple: true },
        'max-reservations': { type: 'string' },
        'max-connections': { type: 'string' },
        'web-dir': { type: 'string' },
        task: { type: 'string' },
        'no-coordinator': { type: 'boolean' },
        'chain-rpc': { type: 'string' },
        'chain-key': { type: 'string' },
        'chain-deployments': { type: 'string' },
        'epoch-seconds': { type: 'string' },
        'epoch-emission': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' }
      }
    })
  } catch (err) {
    throw new ConfigError((err as Error).message)
  }
  const v = parsed.values
  if (v.help === true) return { kind: 'help' }
  if (v.version === true) return { kind: 'version' }

  const raw = (name: string): string | string[] | undefined => {
    const flag = (v as Record<string, string | string[] | boolean | undefined>)[name]
    if (flag !== undefined && typeof flag !== 'boolean') return flag
    const e = env[ENV[name]]
    return e === undefined || e === '' ? undefined : e
  }

  const configPath = raw('config')
  const file = typeof configPath === 'string' ? readConfigFile(configPath) : {}
  const pick = (name: string, key: keyof RelayConfig | FileOnlyKey): unknown => raw(name) ?? file[key]

  const port = toPort('--port', pick('port', 'port') ?? DEFAULT_PORT)
  const p2pDefault = port === 0 ? 0 : port + 1
  const config: RelayConfig = {
    port,
    host: toHost('--host', pick('host', 'host') ?? DEFAULT_HOST),
    p2pPort: toPort('--p2p-port', pick('p2p-port', 'p2pPort') ?? p2pDefault),
    dataDir: resolve(toNonEmpty('--data-dir', pick('data-dir', 'dataDir') ?? DEFAULT_DATA_DIR)),
    announce: toMultiaddrs('--announce', pick('announce', 'announce')),
    bootstrap: toMultiaddrs('--bootstrap', pick('bootstrap', 'bootstrap')),
    maxReservations: toInt('--max-reservations', pick('max-reservations', 'maxReservations') ?? DEFAULT_MAX_RESERVATIONS, 1, 1_000_000),
    maxConnections: toInt('--max-connections', pick('max-connections', 'maxConnections') ?? DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
    webDir: resolve(toNonEmpty('--web-dir', pick('web-dir', 'webDir') ?? DEFAULT_WEB_DIR)),
    dataAssetsDir: resolve(DEFAULT_DATA_ASSETS_DIR),
    coordinator: v['no-coordinator'] !== true && env.VAIN_COORDINATOR !== '0' && file.coordinator !== false,
    task: toTaskInfo(readTaskFile(pick('task', 'task'))),
    chain: toChainConfig(pick)
  }
  if (config.chain === undefined) delete config.chain
  if (config.p2pPort !== 0 && config.p2pPort === config.port) {
    throw new ConfigError(`--p2p-port must differ from --port (both ${config.port})`)
  }
  return { kind: 'run', config }
}

type FileOnlyKey = 'chainRpc' | 'chainKey' | 'chainDeployments' | 'epochSeconds' | 'epochEmission'

function readConfigFile (path: string): Partial<Record<keyof RelayConfig | FileOnlyKey, unknown>> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigError(`--config: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`--config: ${path} is not valid JSON: ${(err as Error).message}`)
  }
  if (json == null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(`--config: ${path} must hold a JSON object`)
  }
  const known = new Set(['port', 'host', 'p2pPort', 'dataDir', 'announce', 'bootstrap', 'maxReservations', 'maxConnections', 'webDir', 'coordinator', 'task', 'chainRpc', 'chainKey', 'chainDeployments', 'epochSeconds', 'epochEmission'])
  for (const key of Object.keys(json)) {
    if (!known.has(key)) throw new ConfigError(`--config: unknown key "${key}" in ${path}`)
  }
  return json as Partial<Record<keyof RelayConfig | FileOnlyKey, unknown>>
}

/** The chain options: all or nothing, and the key and deployments files read and checked now. */
function toChainConfig (pick: (name: string, key: FileOnlyKey) => unknown): ChainConfig | undefined {
  const rpc = pick('chain-rpc', 'chainRpc')
  if (rpc === undefined) {
    for (const [flag, key] of [['chain-key', 'chainKey'], ['chain-deployments', 'chainDeployments'], ['epoch-seconds', 'epochSeconds'], ['epoch-emission', 'epochEmission']] as const) {
      if (pick(flag, key) !== undefined) throw new ConfigError(`--${flag} needs --chain-rpc`)
    }
    return undefined
  }
  const url = toNonEmpty('--chain-rpc', rpc)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ConfigError(`--chain-rpc must be an http(s) URL, got "${url}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`--chain-rpc must be an http(s) URL, got "${url}"`)
  const keyOpt = pick('chain-key', 'chainKey')
  if (keyOpt === undefined) throw new ConfigError('--chain-rpc needs --chain-key (a file with the relay\'s EVM private key)')
  const keyFile = resolve(toNonEmpty('--chain-key', keyOpt))
  const deploymentsFile = resolve(toNonEmpty('--chain-deployments', pick('chain-deployments', 'chainDeployments') ?? DEFAULT_CHAIN_DEPLOYMENTS))
  try {
    readChainKeys(keyFile)
  } catch (err) {
    throw new ConfigError(`--chain-key: ${(err as Error).message}`)
  }
  try {
    readDeployments(deploymentsFile)
  } catch (err) {
    throw new ConfigError(`--chain-deployments: ${(err as Error).message}`)
  }
  const epochSeconds = toInt('--epoch-seconds', pick('epoch-seconds', 'epochSeconds') ?? DEFAULT_EPOCH_SECONDS, 10, 366 * 24 * 60 * 60)
  const emissionText = String(pick('epoch-emission', 'epochEmission') ?? DEFAULT_EPOCH_EMISSION_VAIN).trim()
  if (!/^\d+(\.\d{1,18})?$/.test(emissionText)) throw new ConfigError(`--epoch-emission must be a positive number of VAIN (up to 18 decimals), got "${emissionText}"`)
  const epochEmission = parseEther(emissionText)
  if (epochEmission <= 0n || epochEmission > parseEther(String(MAX_EPOCH_EMISSION_VAIN))) {
    throw new ConfigError(`--epoch-emission must be above 0 and at most ${MAX_EPOCH_EMISSION_VAIN} VAIN (RewardDistributor's maxEpochEmission), got ${emissionText}`)
  }
  return { rpc: url, keyFile, deploymentsFile, epochSeconds, epochEmission }
}

/** The task option: a path to a JSON file, or (from a config file) the object itself. Validated by the supernode. */
function readTaskFile (value: unknown): Record<string, unknown> {
  if (value == null) return {}
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  const path = String(value)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new ConfigError(`--task: cannot read ${path} as JSON: ${(err as Error).message}`)
  }
  if (json == null || typeof json !== 'object' || Array.isArray(json)) throw new ConfigError(`--task: ${path} must hold a JSON object`)
  return json as Record<string, unknown>
}

function toTaskInfo (json: Record<string, unknown>): TaskInfo {
  try {
    return resolveTaskInfo(json)
  } catch (err) {
    throw new ConfigError(`--task: ${(err as Error).message}`)
  }
}

function toInt (flag: string, value: unknown, min: number, max: number): number {
  const s = String(value).trim()
  if (!/^\d+$/.test(s)) throw new ConfigError(`${flag} must be a whole number, got "${String(value)}"`)
  const n = Number(s)
  if (n < min || n > max) throw new ConfigError(`${flag} must be between ${min} and ${max}, got ${n}`)
  return n
}

function toPort (flag: string, value: unknown): number {
  return toInt(flag, value, 0, 65535)
}

function toNonEmpty (flag: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${flag} must not be empty`)
  return value
}

function toHost (flag: string, value: unknown): string {
  const s = toNonEmpty(flag, value)
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s)
  if (ipv4 != null && ipv4.slice(1).every(o => Number(o) <= 255)) return s
  if (s === 'localhost' || s === '::' || s === '::1') return s
  throw new ConfigError(`${flag} must be an IPv4 address, localhost, :: or ::1, got "${s}"`)
}

function toMultiaddrs (flag: string, value: unknown): string[] {
  if (value === undefined) return []
  const list = (Array.isArray(value) ? value : [value]).flatMap(v => String(v).split(',')).map(s => s.trim()).filter(s => s !== '')
  for (const s of list) {
    try {
      multiaddr(s)
    } catch (err) {
      throw new ConfigError(`${flag}: "${s}" is not a multiaddr (${(err as Error).message})`)
    }
  }
  return list
}
