/**
 * Export and import of the node identity, encrypted with a passphrase:
 * PBKDF2-SHA256 (600,000 iterations, OWASP 2023) derives an AES-256-GCM key;
 * the file is JSON with base64 fields. WebCrypto only, so it runs in the
 * browser and in Node tests alike.
 */
import { privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { toString as toBase64, fromString as fromBase64 } from 'uint8arrays'

export const EXPORT_FORMAT = 'vain-identity/1'
export const PBKDF2_ITERATIONS = 600_000
export const MIN_PASSPHRASE_CHARS = 8
/** An exported identity is ~300 bytes; refuse anything far larger before parsing. */
export const MAX_EXPORT_BYTES = 4096

export class IdentityImportError extends Error {
  static name = 'IdentityImportError'
  constructor (message: string) {
    super(message)
    this.name = 'IdentityImportError'
  }
}

interface ExportFile {
  format: string
  peerId: string
  kdf: 'PBKDF2-SHA256'
  iterations: number
  salt: string
  iv: string
  ciphertext: string
}

async function deriveKey (passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey'])
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
}

export async function exportIdentity (key: PrivateKey, peerId: string, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  if (passphrase.length < MIN_PASSPHRASE_CHARS) throw new IdentityImportError(`The passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters.`)
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const aes = await deriveKey(passphrase, salt, iterations)
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(peerId) }, aes, privateKeyToProtobuf(key) as Uint8Array<ArrayBuffer>))
  const file: ExportFile = { format: EXPORT_FORMAT, peerId, kdf: 'PBKDF2-SHA256', iterations, salt: toBase64(salt, 'base64'), iv: toBase64(iv, 'base64'), ciphertext: toBase64(ciphertext, 'base64') }
  return JSON.stringify(file, null, 2)
}

export async function importIdentity (text: string, passphrase: string): Promise<PrivateKey> {
  if (text.length > MAX_EXPORT_BYTES) throw new IdentityImportError('This file is too large to be a vAIn identity.')
  let file: ExportFile
  try {
    file = JSON.parse(text) as ExportFile
  } catch {
    throw new IdentityImportError('This file is not a vAIn identity (not JSON).')
  }
  if (file?.format !== EXPORT_FORMAT || file.kdf !== 'PBKDF2-SHA256' || typeof file.salt !== 'string' || typeof file.iv !== 'string' || typeof file.ciphertext !== 'string' || typeof file.peerId !== 'string') {
    throw new IdentityImportError('This file is not a vAIn identity export.')
  }
  if (!Number.isInteger(file.iterations) || file.iterations < 100_000 || file.iterations > 10_000_000) {
    throw new IdentityImportError('The identity file has an unsupported key-derivation setting.')
  }
  let plain: Uint8Array
  try {
    const aes = await deriveKey(passphrase, fromBase64(file.salt, 'base64') as Uint8Array<ArrayBuffer>, file.iterations)
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(file.iv, 'base64') as Uint8Array<ArrayBuffer>, additionalData: new TextEncoder().encode(file.peerId) }, aes, fromBase64(file.ciphertext, 'base64') as Uint8Array<ArrayBuffer>))
  } catch {
    throw new IdentityImportError('Wrong passphrase, or the file was altered.')
  }
  const key = privateKeyFromProtobuf(plain)
  if (key.type !== 'Ed25519') throw new IdentityImportError('The identity is not an Ed25519 key.')
  return key
}
