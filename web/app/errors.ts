/**
 * The one catalogue of user-facing text for error names. Errors cross Comlink
 * and the wire by `name`; the UI looks the name up here.
 */
const TEXT: Record<string, string> = {
  TimeoutError: 'The relay did not answer in time. Check your connection; we keep trying.',
  AbortError: 'Cancelled.',
  TypeError: 'The relay could not be reached. Check your connection; we keep trying.',
  BadSignatureError: 'A peer sent a message with a bad signature; it was refused.',
  InvalidHelloError: 'A peer sent an unreadable greeting; it was refused.',
  PeerMismatchError: 'A peer claimed to be someone else; it was refused.',
  StaleMessageError: 'A peer sent an outdated greeting (check the clock); it was refused.',
  MessageTooLargeError: 'A peer sent an oversized message; it was refused.',
  InvalidParametersError: 'A setting is out of range.'
}

export function errorText (err: unknown): string {
  const e = err as { name?: string, message?: string }
  const text = e?.name != null ? TEXT[e.name] : undefined
  return text ?? `Something went wrong: ${e?.message ?? String(err)}`
}
