import { describe, it, expect } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { PAYOUT_REGISTRATION_DOMAIN, checkPayoutRegistration, payoutRegistrationMessage } from './payout-registration.ts'

const ACCOUNT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('payout registration', () => {
  it('signs a message that names the peer, the lowercased account and the time, and only that message verifies', async () => {
    const key = await generateKeyPair('Ed25519')
    const peerId = peerIdFromPrivateKey(key).toString()
    const fields = { peerId, account: ACCOUNT, issuedAt: 1_700_000_000_000 }
    const message = payoutRegistrationMessage(fields)
    expect(new TextDecoder().decode(message)).toBe(`${PAYOUT_REGISTRATION_DOMAIN}\npeer: ${peerId}\naccount: ${ACCOUNT.toLowerCase()}\nissued: 1700000000000\n`)
    const sig = await key.sign(message)
    expect(await key.publicKey.verify(message, sig)).toBe(true)
    // another account or time is another message
    expect(await key.publicKey.verify(payoutRegistrationMessage({ ...fields, account: '0x' + '1'.repeat(40) }), sig)).toBe(false)
    expect(await key.publicKey.verify(payoutRegistrationMessage({ ...fields, issuedAt: fields.issuedAt + 1 }), sig)).toBe(false)
  })

  it('refuses a malformed peer id, account or time with InvalidParametersError / InvalidAddressError', () => {
    const peerId = '12D3KooWAbCdEfGhJkmNpQrStUvWxYz123456789abcdefghijk'
    expect(() => checkPayoutRegistration({ peerId: 'not a peer id', account: ACCOUNT, issuedAt: 1 })).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => checkPayoutRegistration({ peerId, account: '0x1234', issuedAt: 1 })).toThrow(expect.objectContaining({ name: 'InvalidAddressError' }))
    expect(() => checkPayoutRegistration({ peerId, account: ACCOUNT, issuedAt: 1.5 })).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
    expect(() => checkPayoutRegistration({ peerId, account: ACCOUNT, issuedAt: -1 })).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
  })
})
