// `npm run chain`: starts a local Hardhat node, deploys the incentive contracts to it, writes the
// addresses to contracts/deployments/localhost.json (or --out), and keeps the node running until
// Ctrl-C. Flags: --port 8545, --host 127.0.0.1, --out <file>.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)
// hardhat's `exports` hide its CLI; its package.json is exported and the CLI sits beside it.
const HARDHAT = join(dirname(require.resolve('hardhat/package.json')), 'dist/src/cli.js')
const CONFIG = 'contracts/hardhat.config.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8545' },
    host: { type: 'string', default: '127.0.0.1' },
    out: { type: 'string' }
  }
})
const rpc = `http://${values.host}:${values.port}`
const env = { ...process.env, VAIN_CHAIN_RPC: rpc, ...(values.out !== undefined ? { VAIN_DEPLOYMENTS_OUT: values.out } : {}) }

async function rpcReady (deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) })
      if (res.ok) return
    } catch { /* not up yet */ }
    await new Promise(resolve => setTimeout(resolve, 250))
  }
  throw new Error(`no JSON-RPC answer at ${rpc}`)
}

function run (args: string[], stdio: 'inherit' | 'ignore' = 'inherit'): ChildProcess {
  return spawn(process.execPath, [HARDHAT, '--config', CONFIG, ...args], { env, stdio })
}

// Compile first so the node starts quickly and the deploy does not race a compile.
await new Promise<void>((resolve, reject) => {
  run(['build', '--quiet']).on('exit', code => code === 0 ? resolve() : reject(new Error(`hardhat build exited ${code}`)))
})
const node = run(['node', '--port', values.port, '--hostname', values.host], 'ignore')
const stop = () => { node.kill('SIGTERM') }
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
node.on('exit', code => { process.exit(code ?? 0) })

try {
  await rpcReady(Date.now() + 60_000)
  console.log(`hardhat node listening at ${rpc}`)
  const code = await new Promise<number | null>(resolve => run(['run', '--network', 'localhost', '--no-compile', 'contracts/scripts/deploy-local.ts']).on('exit', resolve))
  if (code !== 0) throw new Error(`deployment failed (exit ${code})`)
  console.log('chain ready; Ctrl-C to stop')
} catch (err) {
  console.error(err)
  stop()
  process.exitCode = 1
}
