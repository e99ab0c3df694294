// A small viem client for the incentive contracts, for the relay (close an epoch: publish the
// reward and reputation roots) and for nodes (claim, prove reputation). ABIs are written out as
// human-readable signatures so this module needs no compiled artifacts; the contract tests check
// them against the real contracts on a Hardhat network (contracts/test/client.test.ts).
import { parseAbi } from 'viem'
import { TransactionRevertedError } from './errors.ts'
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'

export const rewardDistributorAbi = parseAbi([
  'function publishRoot(uint256 epoch, bytes32 root, uint256 total)',
  'function claim(uint256 epoch, address account, uint256 amount, bytes32[] proof)',
  'function isClaimed(uint256 epoch, address account) view returns (bool)',
  'function epochInfo(uint256 epoch) view returns ((bytes32 root, uint256 total, uint256 claimed, uint64 deadline, bool swept))',
  'event Claimed(uint256 indexed epoch, address indexed account, uint256 amount)',
  'error UnknownEpoch(uint256 epoch)',
  'error ClaimWindowClosed(uint256 epoch, uint64 deadline)',
  'error AlreadyClaimed(uint256 epoch, address account)',
  'error InvalidProof()',
  'error EpochOverdrawn(uint256 epoch)',
  'error EpochAlreadyPublished(uint256 epoch)',
  'error EmissionTooHigh(uint256 total, uint256 max)',
  'error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)'
])

export const reputationRegistryAbi = parseAbi([
  'function postRoot(uint256 epoch, bytes32 root, bytes[] signatures)',
  'function rootOf(uint256 epoch) view returns (bytes32)',
  'function verify(uint256 epoch, address node, uint256 score, uint8 tier, bytes32[] proof) view returns (bool)',
  'function prove(uint256 epoch, address node, uint256 score, uint8 tier, bytes32[] proof)',
  'function tierOf(address node) view returns (uint8)',
  'error RootAlreadyPosted(uint256 epoch)',
  'error NotEnoughSignatures(uint256 valid, uint256 threshold)',
  'error SignersNotAscending()',
  'error NotAnOracle(address signer)',
  'error UnknownEpoch(uint256 epoch)',
  'error InvalidProof()',
  'error StaleEpoch(uint256 epoch, uint256 provenEpoch)'
])

export const stakingAbi = parseAbi([
  'function tierOf(address account) view returns (uint8)',
  'function stakeOf(address account) view returns (uint256)'
])

export const erc20Abi = parseAbi([
  'function balanceOf(address account) view returns (uint256)'
])

/** The addresses `npm run chain` writes to contracts/deployments/<network>.json. */
export interface VainAddresses {
  VainToken: Address
  VainTimelock: Address
  Staking: Address
  ReputationRegistry: Address
  RewardDistributor: Address
  VainGovernor: Address
  CapacityLease: Address
}

export type Wallet = WalletClient<Transport, Chain | undefined, Account>

/** EIP-712 typed data each relay oracle signs for ReputationRegistry.postRoot. */
export function epochRootTypedData (chainId: number, registry: Address, epoch: bigint, root: Hex) {
  return {
    domain: { name: 'vAIn ReputationRegistry', version: '1', chainId, verifyingContract: registry },
    types: { EpochRoot: [{ name: 'epoch', type: 'uint256' }, { name: 'root', type: 'bytes32' }] },
    primaryType: 'EpochRoot' as const,
    message: { epoch, root }
  }
}

export interface OracleSignature { signer: Address, signature: Hex }

/** One oracle's signature over (epoch, root). */
export async function signEpochRoot (wallet: Wallet, registry: Address, epoch: bigint, root: Hex): Promise<OracleSignature> {
  const chainId = wallet.chain?.id ?? await wallet.getChainId()
  const signature = await wallet.signTypedData({ account: wallet.account, ...epochRootTypedData(chainId, registry, epoch, root) })
  return { signer: wallet.account.address, signature }
}

/** Signatures in the order the contract wants: strictly ascending signer address. */
export function orderSignatures (signatures: readonly OracleSignature[]): Hex[] {
  return [...signatures]
    .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : BigInt(a.signer) > BigInt(b.signer) ? 1 : 0))
    .map(s => s.signature)
}

async function send (publicClient: PublicClient, hash: Hex): Promise<Hex> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new TransactionRevertedError(`transaction ${hash} reverted`)
  return hash
}

/** What closing an epoch puts on chain; `rewards` is absent when nobody earned anything. */
export interface EpochRoots {
  epoch: bigint
  rewards?: { root: Hex, total: bigint }
  reputation: { root: Hex }
}

/**
 * Publish a closed epoch: the reward root (minting its total into the distributor; `wallet`
 * needs PUBLISHER_ROLE) and the reputation root with k oracle signatures (anyone may send it).
 */
export async function publishEpoch (
  wallet: Wallet, publicClient: PublicClient, addresses: Pick<VainAddresses, 'RewardDistributor' | 'ReputationRegistry'>,
  roots: EpochRoots, signatures: readonly OracleSignature[]
): Promise<{ rewardsTx?: Hex, reputationTx: Hex }> {
  let rewardsTx: Hex | undefined
  if (roots.rewards !== undefined) {
    rewardsTx = await send(publicClient, await wallet.writeContract({
      address: addresses.RewardDistributor, abi: rewardDistributorAbi, functionName: 'publishRoot',
      args: [roots.epoch, roots.rewards.root, roots.rewards.total], account: wallet.account, chain: wallet.chain
    }))
  }
  const reputationTx = await send(publicClient, await wallet.writeContract({
    address: addresses.ReputationRegistry, abi: reputationRegistryAbi, functionName: 'postRoot',
    args: [roots.epoch, roots.reputation.root, orderSignatures(signatures)], account: wallet.account, chain: wallet.chain
  }))
  return { rewardsTx, reputationTx }
}

/** Claim `amount` for `account` (paid to `account`, whoever sends it). */
export async function claimReward (
  wallet: Wallet, publicClient: PublicClient, distributor: Address,
  claim: { epoch: bigint, account: Address, amount: bigint, proof: readonly Hex[] }
): Promise<Hex> {
  return await send(publicClient, await wallet.writeContract({
    address: distributor, abi: rewardDistributorAbi, functionName: 'claim',
    args: [claim.epoch, claim.account, claim.amount, [...claim.proof]], account: wallet.account, chain: wallet.chain
  }))
}

export async function isClaimed (publicClient: PublicClient, distributor: Address, epoch: bigint, account: Address): Promise<boolean> {
  return await publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: 'isClaimed', args: [epoch, account] })
}

/** Record a node's proven reputation tier on chain (counts for governance from then on). */
export async function proveReputation (
  wallet: Wallet, publicClient: PublicClient, registry: Address,
  p: { epoch: bigint, account: Address, score: number, tier: number, proof: readonly Hex[] }
): Promise<Hex> {
  return await send(publicClient, await wallet.writeContract({
    address: registry, abi: reputationRegistryAbi, functionName: 'prove',
    args: [p.epoch, p.account, BigInt(p.score), p.tier, [...p.proof]], account: wallet.account, chain: wallet.chain
  }))
}
