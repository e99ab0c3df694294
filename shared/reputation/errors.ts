/**
 * Errors of the reputation core. One class per failure with a stable `name`; callers branch on
 * `err.name`, which survives Comlink and the wire.
 */

/** A caller passed options or arguments outside their valid range. */
export class InvalidParametersError extends Error {
  static name = 'InvalidParametersError'
  constructor (message = 'Invalid parameters') {
    super(message)
    this.name = 'InvalidParametersError'
  }
}

/** A string that should be a 20-byte hex Ethereum address is not one. */
export class InvalidAddressError extends Error {
  static name = 'InvalidAddressError'
  constructor (message = 'Invalid address') {
    super(message)
    this.name = 'InvalidAddressError'
  }
}

/** The same account appears twice where one leaf per account is required. */
export class DuplicateAccountError extends Error {
  static name = 'DuplicateAccountError'
  constructor (message = 'Duplicate account') {
    super(message)
    this.name = 'DuplicateAccountError'
  }
}

/** No leaf for the asked account exists in the tree. */
export class UnknownAccountError extends Error {
  static name = 'UnknownAccountError'
  constructor (message = 'Unknown account') {
    super(message)
    this.name = 'UnknownAccountError'
  }
}
