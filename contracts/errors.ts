/** Errors of the contracts client. Branch on `err.name`. */

/** A transaction was mined but reverted. */
export class TransactionRevertedError extends Error {
  static name = 'TransactionRevertedError'
  constructor (message = 'Transaction reverted') {
    super(message)
    this.name = 'TransactionRevertedError'
  }
}
