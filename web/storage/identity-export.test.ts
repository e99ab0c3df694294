import { describe, it, expect } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { exportIdentity, importIdentity } from './identity-export.ts'

const FAST = 100_000

async function fails (p: Promise<unknown>): Promise<string> {
  try { await p } catch (err) { return `${(err as Error).name}: ${(err as Error).message}` }
  return 'ok'
}

describe('identity export', () => {
  it('round-trips the key with the right passphrase', async () => {
    const key = await generateKeyPair('Ed25519')
    const id = peerIdFromPrivateKey(key).toString()
    const file = await exportIdentity(key, id, 'correct horse battery', FAST)
    expect(file).not.toContain(Buffer.from(key.raw).toString('base64'))
    const back = await importIdentity(file, 'correct horse battery')
    expect(peerIdFromPrivateKey(back).toString()).toBe(id)
  })

  it('refuses a wrong passphrase, an altered file, garbage and short passphrases', async () => {
    const key = await generateKeyPair('Ed25519')
    const id = peerIdFromPrivateKey(key).toString()
    const file = await exportIdentity(key, id, 'correct horse battery', FAST)
    expect(await fails(importIdentity(file, 'wrong horse battery'))).toMatch(/IdentityImportError: Wrong passphrase/)
    const altered = JSON.stringify({ ...JSON.parse(file), peerId: '12D3KooWother' })
    expect(await fails(importIdentity(altered, 'correct horse battery'))).toMatch(/IdentityImportError: Wrong passphrase/)
    expect(await fails(importIdentity('{nope', 'x'))).toMatch(/not JSON/)
    expect(await fails(importIdentity('{"format":"other"}', 'x'))).toMatch(/not a vAIn identity export/)
    expect(await fails(importIdentity('x'.repeat(10_000), 'x'))).toMatch(/too large/)
    expect(await fails(exportIdentity(key, id, 'short', FAST))).toMatch(/at least 8/)
  })
})
