/**
 * Errors of the rewards core. One class per failure with a stable `name`; callers branch on
 * `err.name`, which survives Comlink and the wire.
 */
export { InvalidParametersError, InvalidAddressError, DuplicateAccountError, UnknownAccountError } from '../reputation/errors.ts'

/** The same peer id appears twice in one epoch's counters. */
export class DuplicatePeerError extends Error {
  static name = 'DuplicatePeerError'
  constructor (message = 'Duplicate peer') {
    super(message)
    this.name = 'DuplicatePeerError'
  }
}

/** The asked peer has no counters in the closed epoch. */
export class UnknownPeerError extends Error {
  static name = 'UnknownPeerError'
  constructor (message = 'Unknown peer') {
    super(message)
    this.name = 'UnknownPeerError'
  }
}
