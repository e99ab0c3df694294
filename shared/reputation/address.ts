import { InvalidAddressError } from './errors.ts'

/** An Ethereum address as 0x + 40 lowercase hex digits (the form used as map keys here). */
export type Address = `0x${string}`

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/** Validates a 20-byte hex address and lowercases it. Checksums are not verified. */
export function normalizeAddress (value: string): Address {
  if (!ADDRESS.test(value)) throw new InvalidAddressError(`not a 20-byte hex address: ${value}`)
  return value.toLowerCase() as Address
}
