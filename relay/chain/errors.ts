/** Errors of the relay's chain side; callers and the HTTP API branch on `err.name`. */

/** No registered peer had an accepted update in the open epoch: nothing to close. */
export class EmptyEpochError extends Error {
  static name = 'EmptyEpochError'
  constructor (message = 'Empty epoch') {
    super(message)
    this.name = 'EmptyEpochError'
  }
}

/** A payout registration is malformed, stale, or its signature does not verify. */
export class BadRegistrationError extends Error {
  static name = 'BadRegistrationError'
  constructor (message = 'Bad registration') {
    super(message)
    this.name = 'BadRegistrationError'
  }
}
