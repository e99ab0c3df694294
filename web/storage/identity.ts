/**
 * The node's persistent Ed25519 identity, kept in IndexedDB. The same peer id
 * survives reloads and restarts of the browser; "reset identity" forgets it.
 */
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { getDb } from './db.ts'

const IDENTITY_KEY = 'identity/ed25519'

export async function loadOrCreateIdentity (): Promise<PrivateKey> {
  const db = await getDb()
  const stored = await db.get('kv', IDENTITY_KEY)
  if (stored instanceof Uint8Array) {
    try {
      const key = privateKeyFromProtobuf(stored)
      if (key.type === 'Ed25519') return key
    } catch {
      // corrupt record: fall through and make a new identity
    }
  }
  const key = await generateKeyPair('Ed25519')
  // add() fails if another tab created one meanwhile: then use that one
  try {
    await db.add('kv', privateKeyToProtobuf(key), IDENTITY_KEY)
    return key
  } catch {
    const winner = await db.get('kv', IDENTITY_KEY)
    return winner instanceof Uint8Array ? privateKeyFromProtobuf(winner) : key
  }
}

/** Forgets the identity; the next start creates a new peer id. */
export async function resetIdentity (): Promise<void> {
  const db = await getDb()
  await db.delete('kv', IDENTITY_KEY)
}

/** Replaces the identity (an imported key); the next start uses it. */
export async function storeIdentity (key: PrivateKey): Promise<void> {
  const db = await getDb()
  await db.put('kv', privateKeyToProtobuf(key), IDENTITY_KEY)
}
