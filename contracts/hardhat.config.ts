// Hardhat 3 project for vAIn's contracts. Offline: the compiler is the npm `solc` WASM build
// (pinned exactly in package.json), named by path on every profile (see shared/TOOLCHAIN.md).
import { createRequire } from 'node:module'
import { defineConfig } from 'hardhat/config'
import hardhatViem from '@nomicfoundation/hardhat-viem'
import hardhatViemAssertions from '@nomicfoundation/hardhat-viem-assertions'
import hardhatNetworkHelpers from '@nomicfoundation/hardhat-network-helpers'
import hardhatNodeTestRunner from '@nomicfoundation/hardhat-node-test-runner'

const require = createRequire(import.meta.url)

const COMPILER = {
  version: '0.8.28',
  path: require.resolve('solc/soljson.js'),
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun'
  }
}

export default defineConfig({
  plugins: [hardhatViem, hardhatViemAssertions, hardhatNetworkHelpers, hardhatNodeTestRunner],
  solidity: {
    profiles: { default: COMPILER, production: COMPILER }
  },
  // Hardhat's root is the directory of package.json (the repo root), so paths name contracts/.
  paths: {
    sources: 'contracts/src',
    tests: { solidity: 'contracts/test', nodejs: 'contracts/test' },
    artifacts: 'contracts/artifacts',
    cache: 'contracts/cache'
  },
  test: {
    solidity: {
      fuzz: { runs: 256, seed: '0x7661496e' }
    }
  },
  networks: {
    // `npm run chain` sets VAIN_CHAIN_RPC when it starts its node elsewhere than the default port.
    localhost: { type: 'http', chainType: 'l1', url: process.env.VAIN_CHAIN_RPC ?? 'http://127.0.0.1:8545' }
  }
})
