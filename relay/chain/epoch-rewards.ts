/**
 * Epoch rewards on chain, run by a relay started with --chain-rpc: an EpochLedger fed from the
 * supernode's committed rounds (accepted updates with their samples, refused ones) and from the
 * time registered peers stay connected; at the end of each epoch (timer, or `close()` from
 * POST /api/epochs/close) the ledger is closed into the reward and reputation trees, the results
 * are stored in the relay's datastore, and both roots are published with contracts/client.ts.
 * `view(peerId)` is what GET /api/rewards/:peerId serves: the node's amount and proof per epoch.
 */
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Libp2p } from 'libp2p'
import { Key } from 'interface-datastore'
import type { Datastore } from 'interface-datastore'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { createPublicClient, createWalletClient, defineChain, http, parseAbi, zeroHash } from 'viem'
import type { Address, Hex, PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { EpochLedger, bigintReplacer, checkPayoutRegistration, payoutRegistrationMessage, peerRewardView } from '#shared/rewards/index.ts'
import type { ClosedEpoch, PayoutRegistration } from '#shared/rewards/index.ts'
import { erc20Abi, isClaimed, orderSignatures, reputationRegistryAbi, rewardDistributorAbi, signEpochRoot, stakingAbi } from '../../contracts/client.ts'
import type { VainAddresses, Wallet } from '../../contracts/client.ts'
import type { ChainConfig } from '../config.ts'
import type { RoundContributions, Supernode } from '../fl/supernode.ts'
import { ChainSetupError, readChainKeys, readDeployments } from './setup.ts'
import { BadRegistrationError, EmptyEpochError } from './errors.ts'

const log = logger('vain:relay:chain')

/** How often connected registered peers are credited online time. */
export const ONLINE_TICK_MS = 10_000
/** A registration's issuedAt may differ from the relay's clock by at most this. */
export const MAX_REGISTRATION_SKEW_MS = 10 * 60_000
/** Wait before closing again after a failure (datastore, chain). */
export const RETRY_CLOSE_MS = 60_000
/** Closed epochs listed per peer by GET /api/rewards/:peerId (newest first). */
export const MAX_EPOCHS_SHOWN = 50

const registryExtraAbi = parseAbi([
  'function isOracle(address oracle) view returns (bool)',
  'function threshold() view returns (uint256)'
])
const distributorRoleAbi = parseAbi([
  'function PUBLISHER_ROLE() view returns (bytes32)',
  'function hasRole(bytes32 role, address account) view returns (bool)'
])

/** One closed epoch as stored and listed by GET /api/epochs (bigints as decimal strings). */
export interface EpochRecord {
  epoch: string
  startedAt: number
  closedAt: number
  /** peers credited in the epoch (with a payout account) */
  peers: number
  /** peers that contributed but never registered a payout account: left out */
  unpaidPeers: string[]
  rewards?: { root: Hex, total: string, tx?: Hex }
  reputation: { root: Hex, signatures: number, threshold: number, tx?: Hex }
  /** both roots are on chain (the reputation root only when the relay holds k oracle keys) */
  published: boolean
  /** why publishing failed or is incomplete; retried before the next epoch closes */
  error?: string
}

/** What the relay stored for one peer and epoch: `peerRewardView` plus its scores. */
export interface StoredPeerEpoch {
  epoch: string
  peerId: string
  account: Address
  amount: string
  proof: Hex[]
  rewardsRoot?: Hex
  peerAmount: string
  reputation: { score: number, tier: number, proof: Hex[], root: Hex }
  epochScore: number
  runningReputation: number
}

/** The answer of GET /api/rewards/:peerId. */
export interface PeerRewards {
  peerId: string
  account: Address | null
  chainId: number
  contracts: Pick<VainAddresses, 'VainToken' | 'RewardDistributor' | 'ReputationRegistry' | 'Staking'>
  /** Staking.tierOf(account) now: 0 none, 1 entry, 2 validator, 3 supernode; null without account or if the chain did not answer */
  stakeTier: number | null
  /** running reputation after the last closed epoch the peer took part in, 0..10,000 */
  reputation: number | null
  reputationTier: number | null
  currentEpoch: { epoch: string, startedAt: number, endsAt: number }
  epochs: Array<StoredPeerEpoch & { published: boolean, claimed: boolean | null }>
}

export interface EpochRewardsInit {
  config: ChainConfig
  datastore: Datastore
  node: Libp2p
  supernode?: Supernode
  /** @default Date.now */
  now?: () => number
}

interface AccountRecord { account: Address, issuedAt: number }
/** A peer's counters in the open epoch, kept in the datastore so a restarted relay resumes the epoch. */
interface OpenCounters { accepted: number, rejected: number, samples: number, onlineSeconds: number }

const pad = (n: bigint): string => n.toString().padStart(20, '0')
const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v, bigintReplacer))
const parse = <T>(b: Uint8Array): T => JSON.parse(new TextDecoder().decode(b)) as T

export class EpochRewards {
  readonly chainId: number
  readonly addresses: VainAddresses
  readonly epochSeconds: number
  readonly emission: bigint
  private readonly publicClient: PublicClient
  private readonly publisher: Wallet
  private readonly oracles: Wallet[]
  private readonly threshold: number
  private readonly ds: Datastore
  private readonly prefix: string
  private readonly node: Libp2p
  private readonly supernode?: Supernode
  private readonly now: () => number
  private readonly accounts = new Map<string, AccountRecord>()
  private readonly reputation = new Map<string, number>()
  private ledger: EpochLedger
  private open = new Map<string, OpenCounters>()
  private nextEpoch: bigint
  private startedAt: number
  private queue: Promise<unknown> = Promise.resolve()
  private epochTimer?: ReturnType<typeof setTimeout>
  private onlineTimer?: ReturnType<typeof setInterval>
  private stopped = false
  private lastOnlineTick: number
  private readonly onContributions = (e: CustomEvent<RoundContributions>): void => { this.record(e.detail) }

  private constructor (init: EpochRewardsInit, p: { chainId: number, addresses: VainAddresses, publicClient: PublicClient, publisher: Wallet, oracles: Wallet[], threshold: number, nextEpoch: bigint }) {
    this.chainId = p.chainId
    this.addresses = p.addresses
    this.epochSeconds = init.config.epochSeconds
    this.emission = init.config.epochEmission
    this.publicClient = p.publicClient
    this.publisher = p.publisher
    this.oracles = p.oracles
    this.threshold = p.threshold
    this.ds = init.datastore
    this.prefix = `/vain/chain/${p.chainId}/${p.addresses.RewardDistributor.toLowerCase()}`
    this.node = init.node
    this.supernode = init.supernode
    this.now = init.now ?? Date.now
    this.ledger = new EpochLedger({ epochSeconds: this.epochSeconds })
    this.nextEpoch = p.nextEpoch
    this.startedAt = this.now()
    this.lastOnlineTick = this.startedAt
  }

  /** Connects to the chain and checks the setup: chain id, the publisher's role, the oracle keys. */
  static async create (init: EpochRewardsInit): Promise<EpochRewards> {
    const keys = readChainKeys(init.config.keyFile)
    const deployments = readDeployments(init.config.deploymentsFile)
    const chain = defineChain({
      id: deployments.chainId,
      name: `vAIn chain ${deployments.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [init.config.rpc] } }
    })
    const transport = http(init.config.rpc, { timeout: 20_000 })
    const publicClient = createPublicClient({ chain, transport, pollingInterval: 250 }) as PublicClient
    const wallets: Wallet[] = keys.map(k => createWalletClient({ account: privateKeyToAccount(k), chain, transport, pollingInterval: 250 }))
    const chainId = await publicClient.getChainId()
    if (chainId !== deployments.chainId) throw new ChainSetupError(`--chain-rpc ${init.config.rpc} is chain ${chainId}, the deployments file is for chain ${deployments.chainId}`)
    const addresses = deployments.contracts
    const code = await publicClient.getCode({ address: addresses.RewardDistributor })
    if (code === undefined || code === '0x') throw new ChainSetupError(`no RewardDistributor at ${addresses.RewardDistributor} on ${init.config.rpc} (a restarted local chain forgets its contracts: rerun npm run chain)`)
    const publisher = wallets[0]
    const role = await publicClient.readContract({ address: addresses.RewardDistributor, abi: distributorRoleAbi, functionName: 'PUBLISHER_ROLE' })
    if (!await publicClient.readContract({ address: addresses.RewardDistributor, abi: distributorRoleAbi, functionName: 'hasRole', args: [role, publisher.account.address] })) {
      throw new ChainSetupError(`the first key of --chain-key (${publisher.account.address}) lacks RewardDistributor's PUBLISHER_ROLE`)
    }
    const isOracle = await Promise.all(wallets.map(async w => await publicClient.readContract({ address: addresses.ReputationRegistry, abi: registryExtraAbi, functionName: 'isOracle', args: [w.account.address] })))
    const oracles = wallets.filter((_, i) => isOracle[i])
    const threshold = Number(await publicClient.readContract({ address: addresses.ReputationRegistry, abi: registryExtraAbi, functionName: 'threshold' }))
    if (oracles.length < threshold) log('only %d of the %d oracle signatures the reputation root needs are held here: reputation roots will not be posted', oracles.length, threshold)

    const probe = new EpochRewards(init, { chainId, addresses, publicClient, publisher, oracles, threshold, nextEpoch: 1n })
    await probe.load()
    // skip epochs another publisher (or an earlier datastore) already used on this chain
    while (await probe.epochUsedOnChain(probe.nextEpoch)) probe.nextEpoch++
    log('epoch rewards on chain %d: next epoch %s, %ds long, %s wei; publisher %s, %d oracle key(s) of k=%d', chainId, probe.nextEpoch, probe.epochSeconds, probe.emission, publisher.account.address, oracles.length, threshold)
    return probe
  }

  private key (...parts: string[]): Key {
    return new Key([this.prefix, ...parts].join('/'))
  }

  private async load (): Promise<void> {
    for await (const { key, value } of this.ds.query({ prefix: this.key('accounts').toString() })) {
      this.accounts.set(key.baseNamespace(), parse<AccountRecord>(value))
    }
    for await (const { key, value } of this.ds.query({ prefix: this.key('reputation').toString() })) {
      this.reputation.set(key.baseNamespace(), parse<number>(value))
    }
    if (await this.ds.has(this.key('state'))) {
      const state = parse<{ nextEpoch: string, startedAt?: number }>(await this.ds.get(this.key('state')))
      this.nextEpoch = BigInt(state.nextEpoch)
      if (state.startedAt !== undefined) this.startedAt = this.lastOnlineTick = state.startedAt
    } else {
      await this.ds.put(this.key('state'), json({ nextEpoch: this.nextEpoch.toString(), startedAt: this.startedAt }))
    }
    // the open epoch so far (a restart loses at most the online time since the last tick)
    for await (const { key, value } of this.ds.query({ prefix: this.key('open').toString() + '/' })) {
      const peerId = key.baseNamespace()
      const c = parse<OpenCounters>(value)
      this.open.set(peerId, c)
      if (c.accepted > 0) this.ledger.recordUpdate(peerId, { accepted: true, samples: c.samples })
      for (let i = 1; i < c.accepted; i++) this.ledger.recordUpdate(peerId, { accepted: true, samples: 0 })
      for (let i = 0; i < c.rejected; i++) this.ledger.recordUpdate(peerId, { accepted: false })
      if (c.onlineSeconds > 0) this.ledger.recordOnline(peerId, c.onlineSeconds)
    }
    this.lastOnlineTick = Math.max(this.lastOnlineTick, this.now())
  }

  /** Adds to a peer's open-epoch counters and writes them (in order with closing, through the queue). */
  private bump (changes: Array<[string, Partial<OpenCounters>]>): void {
    if (changes.length === 0) return
    const open = this.open
    const touched = new Map<string, OpenCounters>()
    for (const [peerId, d] of changes) {
      const c = open.get(peerId) ?? { accepted: 0, rejected: 0, samples: 0, onlineSeconds: 0 }
      const next = { accepted: c.accepted + (d.accepted ?? 0), rejected: c.rejected + (d.rejected ?? 0), samples: c.samples + (d.samples ?? 0), onlineSeconds: c.onlineSeconds + (d.onlineSeconds ?? 0) }
      open.set(peerId, next)
      touched.set(peerId, next)
    }
    void this.serial(async () => {
      if (open !== this.open) return // that epoch closed meanwhile: its counters are in the closed epoch
      const batch = this.ds.batch()
      for (const [peerId, c] of touched) batch.put(this.key('open', peerId), json(c))
      await batch.commit()
    }).catch(err => { log.error('could not store the open epoch\'s counters - %e', err) })
  }

  private async epochUsedOnChain (epoch: bigint): Promise<boolean> {
    const info = await this.publicClient.readContract({ address: this.addresses.RewardDistributor, abi: rewardDistributorAbi, functionName: 'epochInfo', args: [epoch] })
    if (info.root !== zeroHash) return true
    const root = await this.publicClient.readContract({ address: this.addresses.ReputationRegistry, abi: reputationRegistryAbi, functionName: 'rootOf', args: [epoch] })
    return root !== zeroHash
  }

  start (): void {
    this.supernode?.addEventListener('contributions', this.onContributions)
    this.onlineTimer = setInterval(() => { this.creditOnline() }, ONLINE_TICK_MS)
    this.onlineTimer.unref?.()
    this.scheduleClose()
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.supernode?.removeEventListener('contributions', this.onContributions)
    clearInterval(this.onlineTimer)
    clearTimeout(this.epochTimer)
    this.epochTimer = undefined
    await this.queue.catch(() => {})
  }

  get currentEpoch (): { epoch: string, startedAt: number, endsAt: number } {
    return { epoch: this.nextEpoch.toString(), startedAt: this.startedAt, endsAt: this.startedAt + this.epochSeconds * 1000 }
  }

  private scheduleClose (delayMs?: number): void {
    clearTimeout(this.epochTimer)
    if (this.stopped) return
    const ms = delayMs ?? Math.max(0, this.startedAt + this.epochSeconds * 1000 - this.now())
    this.epochTimer = setTimeout(() => {
      // long epochs outlast one setTimeout (≤ 24.8 days): wait again until it is really due
      if (this.now() < this.startedAt + this.epochSeconds * 1000) { this.scheduleClose(); return }
      this.close().catch(async err => {
        if ((err as Error).name === EmptyEpochError.name) {
          log('epoch %s ends empty: nothing to publish, the epoch starts over', this.nextEpoch)
          await this.serial(async () => { await this.startOver() })
          this.scheduleClose()
        } else {
          log.error('closing epoch %s failed, retrying in a minute - %e', this.nextEpoch, err)
          this.scheduleClose(RETRY_CLOSE_MS)
        }
      }).catch(err => {
        log.error('restarting epoch %s failed - %e', this.nextEpoch, err)
        this.scheduleClose(RETRY_CLOSE_MS)
      })
    }, Math.min(ms, 2 ** 31 - 1))
    this.epochTimer.unref?.()
  }

  /** An epoch that ended with nobody to pay: forget its counters and start the window again. */
  private async startOver (): Promise<void> {
    const peers = [...this.open.keys()]
    this.ledger = new EpochLedger({ epochSeconds: this.epochSeconds })
    this.open = new Map()
    this.startedAt = this.lastOnlineTick = this.now()
    const batch = this.ds.batch()
    for (const peerId of peers) batch.delete(this.key('open', peerId))
    batch.put(this.key('state'), json({ nextEpoch: this.nextEpoch.toString(), startedAt: this.startedAt }))
    await batch.commit()
  }

  /** Feeds one committed round into the open epoch. */
  private record (c: RoundContributions): void {
    for (const { peerId, samples } of c.accepted) this.ledger.recordUpdate(peerId, { accepted: true, samples })
    for (const { peerId, count } of c.rejected) {
      for (let i = 0; i < count; i++) this.ledger.recordUpdate(peerId, { accepted: false })
    }
    this.bump([
      ...c.accepted.map(({ peerId, samples }): [string, Partial<OpenCounters>] => [peerId, { accepted: 1, samples }]),
      ...c.rejected.map(({ peerId, count }): [string, Partial<OpenCounters>] => [peerId, { rejected: count }])
    ])
  }

  /** Credits the time since the last tick to each connected peer with a payout account. */
  private creditOnline (): void {
    const t = this.now()
    const seconds = Math.max(0, (t - this.lastOnlineTick) / 1000)
    this.lastOnlineTick = t
    const seen = new Set<string>()
    for (const conn of this.node.getConnections()) {
      const id = conn.remotePeer.toString()
      if (seen.has(id) || !this.accounts.has(id)) continue
      seen.add(id)
      this.ledger.recordOnline(id, seconds)
    }
    if (seconds > 0) this.bump([...seen].map(id => [id, { onlineSeconds: seconds }]))
  }

  /**
   * Verifies a node's signed payout account and keeps it (the newest registration wins). It
   * applies to the open epoch too, so a node may register after contributing.
   */
  async register (reg: PayoutRegistration): Promise<{ peerId: string, account: Address, issuedAt: number }> {
    let fields
    try {
      fields = checkPayoutRegistration(reg)
    } catch (err) {
      throw new BadRegistrationError((err as Error).message)
    }
    if (Math.abs(fields.issuedAt - this.now()) > MAX_REGISTRATION_SKEW_MS) throw new BadRegistrationError('issuedAt is more than 10 minutes away from the relay\'s clock')
    let peer
    try {
      peer = peerIdFromString(fields.peerId)
    } catch {
      throw new BadRegistrationError('peerId is not a valid peer id')
    }
    const publicKey = peer.publicKey
    // only peers this relay knows (connected now, or counted before): fresh keys cannot fill the datastore
    if (this.node.getConnections(peer).length === 0 && !this.open.has(fields.peerId) && !this.reputation.has(fields.peerId) && !this.accounts.has(fields.peerId)) {
      throw new BadRegistrationError('register while this node is connected to the relay')
    }
    if (publicKey === undefined || publicKey.type !== 'Ed25519') throw new BadRegistrationError('only Ed25519 peer ids (key inlined in the id) can register')
    let signature: Uint8Array
    try {
      if (typeof reg.signature !== 'string' || reg.signature.length > 200) throw new Error('bad signature')
      signature = uint8ArrayFromString(reg.signature, 'base64url')
    } catch {
      throw new BadRegistrationError('signature must be base64url')
    }
    if (!await publicKey.verify(payoutRegistrationMessage(fields), signature)) throw new BadRegistrationError('the signature does not verify with the peer id\'s key')
    const prev = this.accounts.get(fields.peerId)
    if (prev !== undefined && prev.issuedAt >= fields.issuedAt) {
      if (prev.account === fields.account) return { peerId: fields.peerId, ...prev }
      throw new BadRegistrationError('a newer registration for this peer is already held')
    }
    const rec: AccountRecord = { account: fields.account, issuedAt: fields.issuedAt }
    await this.ds.put(this.key('accounts', fields.peerId), json(rec))
    this.accounts.set(fields.peerId, rec)
    log('peer %s pays to %s', fields.peerId, rec.account)
    return { peerId: fields.peerId, ...rec }
  }

  /** Closes the open epoch now and publishes it. Throws EmptyEpochError when no registered peer had an accepted update. */
  async close (): Promise<EpochRecord> {
    return await this.serial(async () => {
      await this.retryUnpublished()
      this.creditOnline()
      for (const peerId of this.ledger.peersWithoutAccount()) {
        const a = this.accounts.get(peerId)
        if (a !== undefined) this.ledger.setAccount(peerId, a.account)
      }
      const counters = this.ledger.counters()
      if (!counters.some(c => c.acceptedUpdates > 0)) throw new EmptyEpochError(`epoch ${this.nextEpoch}: no accepted update from a peer with a payout account`)
      for (const c of counters) this.ledger.setPreviousReputation(c.peerId, this.reputation.get(c.peerId) ?? 0)
      const epoch = this.nextEpoch
      const closed = this.ledger.close({ epoch, emission: this.emission })
      const unpaidPeers = this.ledger.peersWithoutAccount()
      const openPeers = [...this.open.keys()]
      const closedAt = this.now()
      const record: EpochRecord = {
        epoch: epoch.toString(),
        startedAt: this.startedAt,
        closedAt,
        peers: closed.peers.size,
        unpaidPeers,
        rewards: closed.rewards === undefined ? undefined : { root: closed.rewards.root, total: closed.rewards.total.toString() },
        reputation: { root: closed.reputation.root, signatures: Math.min(this.oracles.length, this.threshold), threshold: this.threshold },
        published: false
      }
      // the next epoch starts now: what arrives while this one is stored and published counts there
      this.ledger = new EpochLedger({ epochSeconds: this.epochSeconds })
      this.open = new Map()
      this.nextEpoch = epoch + 1n
      this.startedAt = closedAt
      this.lastOnlineTick = closedAt
      await this.store(closed, record, openPeers)
      if (this.onlineTimer !== undefined) this.scheduleClose()
      log('epoch %s closed: %d peers, %s wei, reward root %s', epoch, record.peers, record.rewards?.total ?? '0', record.rewards?.root ?? '-')
      return await this.publish(record)
    })
  }

  /** Stores the epoch's per-peer answers, the running reputations and the record in one batch. */
  private async store (closed: ClosedEpoch, record: EpochRecord, openPeers: string[]): Promise<void> {
    const batch = this.ds.batch()
    for (const peerId of openPeers) batch.delete(this.key('open', peerId))
    const e = pad(closed.epoch)
    for (const [peerId, result] of closed.peers) {
      const view = peerRewardView(closed, peerId)
      const stored: StoredPeerEpoch = {
        ...(JSON.parse(JSON.stringify(view, bigintReplacer)) as Omit<StoredPeerEpoch, 'epochScore' | 'runningReputation'>),
        epochScore: result.epochScore,
        runningReputation: result.reputation
      }
      batch.put(this.key('peers', peerId, e), json(stored))
      batch.put(this.key('reputation', peerId), json(result.reputation))
      this.reputation.set(peerId, result.reputation)
    }
    batch.put(this.key('epochs', e), json(record))
    batch.put(this.key('state'), json({ nextEpoch: (closed.epoch + 1n).toString(), startedAt: record.closedAt }))
    await batch.commit()
  }

  /** Puts an epoch's roots on chain, skipping what is already there; stores the outcome. */
  private async publish (record: EpochRecord): Promise<EpochRecord> {
    const epoch = BigInt(record.epoch)
    const r: EpochRecord = { ...record, error: undefined }
    try {
      if (r.rewards !== undefined) {
        const info = await this.publicClient.readContract({ address: this.addresses.RewardDistributor, abi: rewardDistributorAbi, functionName: 'epochInfo', args: [epoch] })
        if (info.root === zeroHash) {
          const hash = await this.publisher.writeContract({
            address: this.addresses.RewardDistributor, abi: rewardDistributorAbi, functionName: 'publishRoot',
            args: [epoch, r.rewards.root, BigInt(r.rewards.total)], account: this.publisher.account, chain: this.publisher.chain
          })
          await this.confirmed(hash)
          r.rewards = { ...r.rewards, tx: hash }
        } else if (info.root !== r.rewards.root) {
          throw new Error(`epoch ${epoch} already has another reward root on chain (${info.root})`)
        }
      }
      const onChain = await this.publicClient.readContract({ address: this.addresses.ReputationRegistry, abi: reputationRegistryAbi, functionName: 'rootOf', args: [epoch] })
      if (onChain === zeroHash) {
        if (this.oracles.length < this.threshold) {
          r.error = `reputation root not posted: ${this.oracles.length} of ${this.threshold} oracle signatures held`
        } else {
          const sigs = await Promise.all(this.oracles.slice(0, this.threshold).map(async w => await signEpochRoot(w, this.addresses.ReputationRegistry, epoch, r.reputation.root)))
          const hash = await this.publisher.writeContract({
            address: this.addresses.ReputationRegistry, abi: reputationRegistryAbi, functionName: 'postRoot',
            args: [epoch, r.reputation.root, orderSignatures(sigs)], account: this.publisher.account, chain: this.publisher.chain
          })
          await this.confirmed(hash)
          r.reputation = { ...r.reputation, tx: hash }
        }
      } else if (onChain !== r.reputation.root) {
        throw new Error(`epoch ${epoch} already has another reputation root on chain (${onChain})`)
      }
      r.published = r.error === undefined
    } catch (err) {
      r.error = (err as Error).message.split('\n')[0].slice(0, 500)
      log.error('publishing epoch %s failed - %e', epoch, err)
    }
    await this.ds.put(this.key('epochs', pad(epoch)), json(r))
    return r
  }

  private async confirmed (hash: Hex): Promise<void> {
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
  }

  /** Epochs closed but not (fully) on chain yet: published again, oldest first. */
  private async retryUnpublished (): Promise<void> {
    for (const rec of await this.epochs()) {
      if (!rec.published) await this.publish(rec)
    }
  }

  /** Closed epochs, newest first. */
  async epochs (limit = 1_000): Promise<EpochRecord[]> {
    const out: EpochRecord[] = []
    for await (const { value } of this.ds.query({ prefix: this.key('epochs').toString() })) out.push(parse<EpochRecord>(value))
    out.sort((a, b) => (BigInt(b.epoch) > BigInt(a.epoch) ? 1 : -1))
    return out.slice(0, limit)
  }

  /** GET /api/rewards/:peerId: the peer's amount and proof for each closed epoch it took part in. */
  async view (peerId: string): Promise<PeerRewards> {
    const stored: StoredPeerEpoch[] = []
    for await (const { value } of this.ds.query({ prefix: this.key('peers', peerId).toString() + '/' })) stored.push(parse<StoredPeerEpoch>(value))
    stored.sort((a, b) => (BigInt(b.epoch) > BigInt(a.epoch) ? 1 : -1))
    const shown = stored.slice(0, MAX_EPOCHS_SHOWN)
    const records = new Map((await this.epochs()).map(r => [r.epoch, r]))
    const account = this.accounts.get(peerId)?.account ?? null
    const epochs = await Promise.all(shown.map(async s => {
      const rec = records.get(s.epoch)
      const published = rec?.rewards?.tx !== undefined || rec?.published === true
      let claimed: boolean | null = null
      if (published && BigInt(s.amount) > 0n) {
        claimed = await isClaimed(this.publicClient, this.addresses.RewardDistributor, BigInt(s.epoch), s.account).catch(() => null)
      }
      return { ...s, published, claimed }
    }))
    let stakeTier: number | null = null
    if (account !== null) {
      stakeTier = await this.publicClient.readContract({ address: this.addresses.Staking, abi: stakingAbi, functionName: 'tierOf', args: [account] }).catch(() => null)
    }
    const reputation = this.reputation.get(peerId) ?? null
    return {
      peerId,
      account,
      chainId: this.chainId,
      contracts: { VainToken: this.addresses.VainToken, RewardDistributor: this.addresses.RewardDistributor, ReputationRegistry: this.addresses.ReputationRegistry, Staking: this.addresses.Staking },
      stakeTier,
      reputation,
      reputationTier: shown[0]?.reputation.tier ?? null,
      currentEpoch: this.currentEpoch,
      epochs
    }
  }

  /** The token balance of an account (for tests and operators). */
  async balanceOf (account: Address): Promise<bigint> {
    return await this.publicClient.readContract({ address: this.addresses.VainToken, abi: erc20Abi, functionName: 'balanceOf', args: [account] })
  }

  private async serial<T> (fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn)
    this.queue = next.catch(() => {})
    return await next
  }
}
