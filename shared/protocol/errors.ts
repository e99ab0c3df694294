/** Errors of the peer-to-peer protocols. See shared/errors.ts for the pattern. */

/** The hello frame could not be decoded or lacks a required field. */
export class InvalidHelloError extends Error {
  static name = 'InvalidHelloError'
  constructor (message = 'Invalid hello') {
    super(message)
    this.name = 'InvalidHelloError'
  }
}

/** The hello's Ed25519 signature does not verify against the sender's key. */
export class BadSignatureError extends Error {
  static name = 'BadSignatureError'
  constructor (message = 'Bad signature') {
    super(message)
    this.name = 'BadSignatureError'
  }
}

/** The hello names a sender or recipient other than the connection's peers. */
export class PeerMismatchError extends Error {
  static name = 'PeerMismatchError'
  constructor (message = 'Peer mismatch') {
    super(message)
    this.name = 'PeerMismatchError'
  }
}

/** The hello's timestamp lies outside the accepted clock skew. */
export class StaleMessageError extends Error {
  static name = 'StaleMessageError'
  constructor (message = 'Stale message') {
    super(message)
    this.name = 'StaleMessageError'
  }
}
