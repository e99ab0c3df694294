// Gas of the incentive layer's everyday transactions, measured from receipts on an in-process
// Hardhat network (EDR, cancun): stake, claim, vote, lease payment; a claim is compared with a
// plain ERC20 transfer and with a VAIN transfer in the same run. Run: `npm run bench:gas`.
import { network } from 'hardhat'
// The plugins' type extensions (hardhat.config.ts loads the plugins themselves at run time).
import type {} from '@nomicfoundation/hardhat-viem'
import type {} from '@nomicfoundation/hardhat-network-helpers'
import { encodeFunctionData, keccak256, parseEther, toHex } from 'viem'
import type { Hex } from 'viem'
import { deployVain } from '../contracts/deploy.ts'
import { signEpochRoot } from '../contracts/client.ts'
import { buildReputationTree } from '../shared/reputation/index.ts'
import { closeEpoch } from '../shared/rewards/index.ts'
import { syntheticEpoch } from '../shared/rewards/test-fixtures.ts'

const DAY = 86_400n
const { viem, networkHelpers } = await network.create()
const publicClient = await viem.getPublicClient()
const wallets = await viem.getWalletClients()
const [deployer, alice, bob, carol] = wallets
const d = await deployVain(viem, { genesis: wallets.slice(0, 6).map(w => ({ to: w.account.address, amount: parseEther('3000000') })) })

const rows: Array<{ what: string, gas: bigint, note?: string }> = []
async function gasOf (what: string, tx: Promise<Hex>, note?: string): Promise<bigint> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await tx })
  if (receipt.status !== 'success') throw new Error(`${what} reverted`)
  rows.push({ what, gas: receipt.gasUsed, note })
  return receipt.gasUsed
}
const fresh = (i: number): Hex => `0x${(0xfee0000000n + BigInt(i)).toString(16).padStart(40, '0')}`

// --- baselines: ERC20 transfers to an account that held nothing (as most claimants do)
const plain = await viem.deployContract('PlainERC20', [parseEther('1000000')])
const plainTransfer = await gasOf('ERC20 transfer (plain OpenZeppelin ERC20, new holder)', plain.write.transfer([fresh(1), 1000n]))
await gasOf('ERC20 transfer (plain, existing holder)', plain.write.transfer([fresh(1), 1000n]))
const vainTransfer = await gasOf('VAIN transfer (ERC20Votes token, new holder)', d.token.write.transfer([fresh(2), 1000n], { account: alice.account }))

// --- stake
await d.token.write.approve([d.staking.address, 2n ** 255n], { account: alice.account })
await gasOf('stake (first position, 30-day lock)', d.staking.write.stake([parseEther('10000'), 30n * DAY], { account: alice.account }))
await gasOf('stake (top-up)', d.staking.write.stake([parseEther('5000'), 30n * DAY], { account: alice.account }))

// --- claim: a 1,000-node epoch closed by shared/rewards
const closed = closeEpoch(syntheticEpoch(1_000, 99), { epoch: 1n, emission: parseEther('100000') })
const tree = closed.rewards!
await gasOf('publishRoot (mints the epoch total)', d.distributor.write.publishRoot([1n, tree.root, tree.total]))
const claimGas: bigint[] = []
for (const c of tree.claims.slice(0, 50)) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await d.distributor.write.claim([1n, c.account, c.amount, c.proof]) })
  claimGas.push(receipt.gasUsed)
}
const claimAvg = claimGas.reduce((a, b) => a + b, 0n) / BigInt(claimGas.length)
const claimMin = claimGas.reduce((a, b) => (b < a ? b : a))
const claimMax = claimGas.reduce((a, b) => (b > a ? b : a))
rows.push({ what: `claim (1,000-leaf epoch, proof of ${tree.claims[0].proof.length}, new holder; mean of 50)`, gas: claimAvg, note: `min ${claimMin}, max ${claimMax}` })

// --- vote (reputation-weighted)
await d.token.write.delegate([bob.account.address], { account: bob.account })
const rep = buildReputationTree([{ account: bob.account.address, score: 9_000, tier: 3 }, { account: carol.account.address, score: 10, tier: 0 }])
await d.registry.write.postRoot([1n, rep.root, [(await signEpochRoot(deployer, d.registry.address, 1n, rep.root)).signature]])
const p = rep.proofOf(bob.account.address)
await gasOf('ReputationRegistry.prove (record a tier)', d.registry.write.prove([1n, p.account, BigInt(p.score), p.tier, p.proof]))
const calldata = encodeFunctionData({ abi: d.staking.abi, functionName: 'setLockParams', args: [45n * DAY, 7n * DAY] })
await d.governor.write.propose([[d.staking.address], [0n], [calldata], 'bench'], { account: bob.account })
const id = await d.governor.read.hashProposal([[d.staking.address], [0n], [calldata], keccak256(toHex('bench'))])
await networkHelpers.time.increase(DAY + 1n)
await gasOf('castVote (reputation-weighted)', d.governor.write.castVote([id, 1], { account: bob.account }))

// --- lease payment
await d.lease.write.offer([100n, parseEther('1'), [alice.account.address, bob.account.address, carol.account.address], [5n, 3n, 1n]], { account: alice.account })
await d.token.write.approve([d.lease.address, 2n ** 255n], { account: carol.account })
await gasOf('lease (pay 10 units × 30 epochs into escrow)', d.lease.write.lease([0n, 10n, 30n], { account: carol.account }))
await networkHelpers.time.increase(3n * DAY)
await gasOf('settle (stream to 3 payees)', d.lease.write.settle([0n]))
await gasOf('withdraw (payee pulls)', bob.writeContract({ address: d.lease.address, abi: d.lease.abi, functionName: 'withdraw' }))

const width = Math.max(...rows.map(r => r.what.length))
console.log('\nGas used (EDR in-process Hardhat network, solc 0.8.28, optimizer 200 runs, cancun)\n')
for (const r of rows) console.log(`${r.what.padEnd(width)}  ${r.gas.toString().padStart(8)}${r.note !== undefined ? `   (${r.note})` : ''}`)
const ratio = (a: bigint, b: bigint) => (Number(a) / Number(b)).toFixed(2)
console.log(`\nclaim / plain ERC20 transfer: ${ratio(claimAvg, plainTransfer)}x   claim / VAIN transfer: ${ratio(claimAvg, vainTransfer)}x`)
