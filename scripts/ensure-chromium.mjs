#!/usr/bin/env node
// Installs Debian's chromium when /usr/bin/chromium is missing (CI runs on a clean machine).
// Playwright's own browser download cannot work on this network, so e2e tests use this binary.
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(CHROMIUM)) {
  console.log(`chromium: ${CHROMIUM} present`)
} else {
  console.log('chromium: not found, installing Debian chromium (apt-get)')
  const sudo = process.getuid?.() === 0 ? '' : 'sudo '
  execSync(`${sudo}apt-get update && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium`, { stdio: 'inherit' })
  if (!existsSync(CHROMIUM)) {
    console.error(`chromium: still missing at ${CHROMIUM} after apt-get install`)
    process.exit(1)
  }
}
