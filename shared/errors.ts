/**
 * Errors shared by every part of the core. Each failure is its own class with a
 * stable `name`: callers branch on `err.name`, which survives Comlink and the wire.
 */

/** A caller passed options or arguments outside their valid range. */
export class InvalidParametersError extends Error {
  static name = 'InvalidParametersError'
  constructor (message = 'Invalid parameters') {
    super(message)
    this.name = 'InvalidParametersError'
  }
}

/** A length, count or size read from untrusted input exceeds its limit. */
export class MessageTooLargeError extends Error {
  static name = 'MessageTooLargeError'
  constructor (message = 'Message too large') {
    super(message)
    this.name = 'MessageTooLargeError'
  }
}
