// Deploys the incentive contracts to the network named by `hardhat run --network <name>` and
// writes their addresses to $VAIN_DEPLOYMENTS_OUT (default contracts/deployments/<network>.json).
// Run by `npm run chain` (contracts/scripts/chain.ts) against its local Hardhat node.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { network } from 'hardhat'
import { parseEther } from 'viem'
import { deployVain, deploymentAddresses } from '../deploy.ts'

const networkName = process.env.HARDHAT_NETWORK ?? 'localhost'
const { viem } = await network.create()
const wallets = await viem.getWalletClients()
const publicClient = await viem.getPublicClient()
const [publisher, ...rest] = wallets
const oracles = [publisher, rest[0], rest[1]].map(w => w.account.address)
const genesis = wallets.slice(0, 10).map(w => ({ to: w.account.address, amount: parseEther('1000000') }))

const d = await deployVain(viem, { publisher: publisher.account.address, oracles, oracleThreshold: 2, genesis })
const out = resolve(process.env.VAIN_DEPLOYMENTS_OUT ?? `contracts/deployments/${networkName}.json`)
const file = {
  network: networkName,
  chainId: await publicClient.getChainId(),
  rpc: process.env.VAIN_CHAIN_RPC ?? 'http://127.0.0.1:8545',
  deployedAt: new Date().toISOString(),
  contracts: deploymentAddresses(d),
  roles: {
    note: "Hardhat's default test accounts (mnemonic 'test test test test test test test test test test test junk'), local chains only",
    rewardPublisher: { address: publisher.account.address, accountIndex: 0 },
    reputationOracles: oracles.map((address, accountIndex) => ({ address, accountIndex })),
    oracleThreshold: 2,
    genesis: '1,000,000 VAIN to each of accounts #0..#9'
  }
}
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, JSON.stringify(file, null, 2) + '\n')
console.log(`deployed to chain ${file.chainId}; addresses in ${out}`)
for (const [name, address] of Object.entries(file.contracts)) console.log(`  ${name.padEnd(18)} ${address}`)
