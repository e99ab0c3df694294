/** Size and time limits of the protocols. Every decoder checks these before allocating. */

export const SECOND = 1000
export const MINUTE = 60 * SECOND

/** Largest signed hello frame accepted (bytes, after the length prefix). */
export const MAX_HELLO_BYTES = 4 * 1024

/** Largest varint length prefix accepted (bytes). */
export const MAX_LENGTH_PREFIX_BYTES = 4

/** Largest string inside a hello field (characters). */
export const MAX_HELLO_FIELD_CHARS = 256

/** Size of the hello nonce (bytes). */
export const HELLO_NONCE_BYTES = 16

/** How far a hello timestamp may differ from the receiver's clock. */
export const MAX_CLOCK_SKEW_MS = 5 * MINUTE

/** How long a hello exchange may take before the stream is aborted. */
export const HELLO_TIMEOUT_MS = 10 * SECOND

/** Largest reply to an update (a small JSON verdict). */
export const MAX_UPDATE_REPLY_BYTES = 1024

/** How long an update upload may take. */
export const UPDATE_TIMEOUT_MS = 60 * SECOND
