/**
 * A node names the EVM account its rewards go to by signing a registration with its libp2p
 * Ed25519 key (the key its peer id is made from). Peer ids cannot be turned into EVM accounts
 * (different curves, and the account's key must stay with the node's owner, e.g. in a wallet),
 * so the relay keeps the latest valid registration per peer id. The relay verifies the signature
 * with the public key inlined in the peer id; `issuedAt` orders registrations, so an old one
 * replayed cannot undo a newer one.
 */
import { normalizeAddress } from '../reputation/address.ts'
import type { Address } from '../reputation/address.ts'
import { InvalidParametersError } from './errors.ts'

/** Domain line of the signed text; a signature for anything else never verifies as one. */
export const PAYOUT_REGISTRATION_DOMAIN = 'vAIn payout account v1'

export interface PayoutRegistrationFields {
  /** The node's peer id (Ed25519). */
  peerId: string
  /** The EVM account its rewards go to. */
  account: string
  /** When the node signed it, ms since the epoch. */
  issuedAt: number
}

/** The body of `POST /api/rewards/account`. */
export interface PayoutRegistration extends PayoutRegistrationFields {
  /** Ed25519 signature over `payoutRegistrationMessage(fields)`, base64url without padding. */
  signature: string
}

const PEER_ID = /^[1-9A-HJ-NP-Za-km-z]{40,100}$/

/** Validates the fields and returns them normalised (lowercase account). */
export function checkPayoutRegistration (fields: PayoutRegistrationFields): PayoutRegistrationFields & { account: Address } {
  if (typeof fields.peerId !== 'string' || !PEER_ID.test(fields.peerId)) throw new InvalidParametersError('peerId must be a base58 peer id')
  if (typeof fields.account !== 'string') throw new InvalidParametersError('account must be a 20-byte hex address')
  if (!Number.isSafeInteger(fields.issuedAt) || fields.issuedAt <= 0) throw new InvalidParametersError('issuedAt must be a positive integer (ms)')
  return { peerId: fields.peerId, account: normalizeAddress(fields.account), issuedAt: fields.issuedAt }
}

/** The exact bytes the node signs (UTF-8, one field per line). */
export function payoutRegistrationMessage (fields: PayoutRegistrationFields): Uint8Array {
  const f = checkPayoutRegistration(fields)
  return new TextEncoder().encode(`${PAYOUT_REGISTRATION_DOMAIN}\npeer: ${f.peerId}\naccount: ${f.account}\nissued: ${f.issuedAt}\n`)
}
