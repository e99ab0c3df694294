/**
 * Errors of the federated-learning core. One class per failure, each with a stable
 * `name` (static and on the instance): callers branch on `err.name`, which survives
 * Comlink and the wire. User-facing text for each name lives in web/'s catalogue.
 */
export { InvalidParametersError } from '../errors.ts'

/** A weights vector does not have the length its model spec lays out. */
export class WeightsLengthError extends Error {
  static name = 'WeightsLengthError'
  readonly expected: number
  readonly actual: number
  constructor (expected: number, actual: number, message = `Weights vector has ${actual} values, the model needs ${expected}`) {
    super(message)
    this.name = 'WeightsLengthError'
    this.expected = expected
    this.actual = actual
  }
}

/** A weights vector holds NaN or ±Infinity. */
export class NonFiniteWeightsError extends Error {
  static name = 'NonFiniteWeightsError'
  readonly index: number
  constructor (index: number, message = `Weights vector holds a non-finite value at index ${index}`) {
    super(message)
    this.name = 'NonFiniteWeightsError'
    this.index = index
  }
}

/** A model spec is malformed (unknown layer, impossible shapes). */
export class InvalidModelSpecError extends Error {
  static name = 'InvalidModelSpecError'
  constructor (message = 'Invalid model spec') {
    super(message)
    this.name = 'InvalidModelSpecError'
  }
}

/** Downloaded data did not match the sha2-256 hash its manifest promised. */
export class DataIntegrityError extends Error {
  static name = 'DataIntegrityError'
  readonly path: string
  readonly expected: string
  readonly actual: string
  constructor (path: string, expected: string, actual: string, message = `Data file ${path} failed its sha2-256 check: expected ${expected.slice(0, 16)}…, got ${actual.slice(0, 16)}…`) {
    super(message)
    this.name = 'DataIntegrityError'
    this.path = path
    this.expected = expected
    this.actual = actual
  }
}

/** A data file or manifest is malformed (bad magic number, truncated, wrong size). */
export class InvalidDataError extends Error {
  static name = 'InvalidDataError'
  constructor (message = 'Invalid data') {
    super(message)
    this.name = 'InvalidDataError'
  }
}

/** The requested tfjs backend cannot run here (no adapter, failed to initialise). */
export class BackendUnavailableError extends Error {
  static name = 'BackendUnavailableError'
  readonly backend: string
  constructor (backend: string, message = `Backend ${backend} is not available`) {
    super(message)
    this.name = 'BackendUnavailableError'
    this.backend = backend
  }
}

/** train/evaluate was called before a model was loaded. */
export class ModelNotLoadedError extends Error {
  static name = 'ModelNotLoadedError'
  constructor (message = 'No model loaded: call load(spec, weights) first') {
    super(message)
    this.name = 'ModelNotLoadedError'
  }
}

/** The operation was cancelled through its AbortSignal. */
export class AbortError extends Error {
  static name = 'AbortError'
  constructor (message = 'The operation was aborted') {
    super(message)
    this.name = 'AbortError'
  }
}
