// Deploys and wires the whole incentive layer on a Hardhat network (tests, `npm run chain`,
// bench/gas.ts share it). After `deployVain` the deployer holds no role anywhere: the timelock
// (driven by VainGovernor) is admin of the token, staking, registry and distributor; the
// RewardDistributor and the timelock are the only minters.
import type { HardhatViemHelpers } from '@nomicfoundation/hardhat-viem/types'
import { keccak256, parseEther, toHex, zeroAddress } from 'viem'
import type { Address } from 'viem'
import { TransactionRevertedError } from './errors.ts'

export const DAY = 24 * 60 * 60

export interface DeployVainInit {
  /** Account that publishes reward roots (the relay's key). @default the deployer */
  publisher?: Address
  /** Relay oracle keys for the ReputationRegistry. @default the deployer alone */
  oracles?: Address[]
  /** k of the k-of-n oracle quorum. @default oracles.length */
  oracleThreshold?: number
  /** Tokens minted before the deployer gives up its roles (dev chains, tests). @default [] */
  genesis?: Array<{ to: Address, amount: bigint }>
  /** @default 1,000,000,000 VAIN */
  cap?: bigint
  /** Timelock delay in seconds. @default 2 days */
  timelockDelay?: bigint
  /** Seconds between proposal and vote start. @default 1 day */
  votingDelay?: number
  /** Seconds of voting. @default 7 days */
  votingPeriod?: number
  /** Voting weight needed to propose. @default 10,000 VAIN */
  proposalThreshold?: bigint
  /** Quorum, percent of supply. @default 4 */
  quorumPercent?: bigint
  /** CapacityLease epoch length in seconds. @default 1 day */
  leaseEpoch?: bigint
}

export const role = (name: string): `0x${string}` => keccak256(toHex(name))

export async function deployVain (viem: HardhatViemHelpers, init: DeployVainInit = {}) {
  const publicClient = await viem.getPublicClient()
  const [deployer] = await viem.getWalletClients()
  const me = deployer.account.address
  const oracles = init.oracles ?? [me]
  const wait = async (hash: `0x${string}`) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new TransactionRevertedError(`deployment transaction ${hash} reverted`)
  }

  const token = await viem.deployContract('VainToken', [me, init.cap ?? parseEther('1000000000')])
  const timelock = await viem.deployContract('VainTimelock', [init.timelockDelay ?? BigInt(2 * DAY), [], [zeroAddress], me])
  const staking = await viem.deployContract('Staking', [token.address, timelock.address, timelock.address])
  const registry = await viem.deployContract('ReputationRegistry', [timelock.address, oracles, BigInt(init.oracleThreshold ?? oracles.length)])
  const distributor = await viem.deployContract('RewardDistributor', [token.address, timelock.address, init.publisher ?? me, timelock.address])
  const governor = await viem.deployContract('VainGovernor', [
    token.address, timelock.address, staking.address, registry.address,
    init.votingDelay ?? DAY, init.votingPeriod ?? 7 * DAY, init.proposalThreshold ?? parseEther('10000'), init.quorumPercent ?? 4n
  ])
  const lease = await viem.deployContract('CapacityLease', [token.address, init.leaseEpoch ?? BigInt(DAY)])

  const MINTER = role('MINTER_ROLE')
  const ADMIN = '0x0000000000000000000000000000000000000000000000000000000000000000'
  await wait(await timelock.write.grantRole([role('PROPOSER_ROLE'), governor.address]))
  await wait(await timelock.write.grantRole([role('CANCELLER_ROLE'), governor.address]))
  await wait(await token.write.grantRole([MINTER, distributor.address]))
  await wait(await token.write.grantRole([MINTER, timelock.address]))
  if (init.genesis !== undefined && init.genesis.length > 0) {
    await wait(await token.write.grantRole([MINTER, me]))
    for (const { to, amount } of init.genesis) await wait(await token.write.mint([to, amount]))
    await wait(await token.write.renounceRole([MINTER, me]))
  }
  await wait(await token.write.grantRole([ADMIN, timelock.address]))
  await wait(await token.write.renounceRole([ADMIN, me]))
  await wait(await timelock.write.renounceRole([ADMIN, me]))

  return { token, timelock, staking, registry, distributor, governor, lease, deployer }
}

export type VainDeployment = Awaited<ReturnType<typeof deployVain>>

/** Addresses of a deployment, as written to the deployments file. */
export function deploymentAddresses (d: VainDeployment) {
  return {
    VainToken: d.token.address,
    VainTimelock: d.timelock.address,
    Staking: d.staking.address,
    ReputationRegistry: d.registry.address,
    RewardDistributor: d.distributor.address,
    VainGovernor: d.governor.address,
    CapacityLease: d.lease.address
  }
}
