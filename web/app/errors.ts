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
  InvalidParametersError: 'A setting is out of range.',
  WeightsLengthError: 'A model update of the wrong size was refused.',
  NonFiniteWeightsError: 'A model update holding NaN or infinite values was refused.',
  InvalidModelSpecError: 'The task names a model this version cannot build.',
  DataIntegrityError: 'A training data file failed its integrity check twice and was refused.',
  InvalidDataError: 'The training data could not be read.',
  BackendUnavailableError: 'That compute backend is not available in this browser; choose another or leave it on automatic.',
  ModelNotLoadedError: 'No model is loaded yet.'
}

export function errorText (err: unknown): string {
  const e = err as { name?: string, message?: string }
  const text = e?.name != null ? TEXT[e.name] : undefined
  return text ?? `Something went wrong: ${e?.message ?? String(err)}`
}
