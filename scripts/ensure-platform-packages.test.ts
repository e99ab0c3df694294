import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs script without type declarations
import { missingPlatformPackages } from './ensure-platform-packages.mjs'

const here = { os: [process.platform], cpu: [process.arch] }
let root: string | undefined

function project (packages: Record<string, object>, installed: string[]): string {
  root = mkdtempSync(join(tmpdir(), 'vain-platform-'))
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': {}, ...packages } }))
  for (const path of installed) {
    mkdirSync(join(root, path), { recursive: true })
    writeFileSync(join(root, path, 'package.json'), '{}')
  }
  return root
}

afterEach(() => { if (root !== undefined) rmSync(root, { recursive: true, force: true }) })

describe('missingPlatformPackages', () => {
  it('names a platform package for this machine that npm left out (the Hardhat EDR trap)', () => {
    const dir = project({
      'node_modules/@nomicfoundation/edr': { version: '0.22.0' },
      'node_modules/@nomicfoundation/edr-this-platform': { version: '0.22.0', optional: true, dev: true, ...here, engines: { node: '>= 22' } }
    }, ['node_modules/@nomicfoundation/edr'])
    expect(missingPlatformPackages(dir)).toEqual(['@nomicfoundation/edr-this-platform@0.22.0'])
  })

  it('ignores packages for other platforms, installed ones, and nested ones whose parent is absent', () => {
    const dir = project({
      'node_modules/other-os': { version: '1.0.0', optional: true, os: ['aix'] },
      'node_modules/other-cpu': { version: '1.0.0', optional: true, cpu: ['s390x'] },
      'node_modules/present': { version: '1.0.0', ...here },
      'node_modules/absent-parent/node_modules/child': { version: '1.0.0', ...here },
      'node_modules/plain': { version: '1.0.0' }
    }, ['node_modules/present'])
    expect(missingPlatformPackages(dir)).toEqual([])
  })
})
