/** Relay-only constants. */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** The project's version, as in package.json. */
export const VERSION: string = (require('../package.json') as { version: string }).version

/** Our own DHT, so vAIn relays do not mix routing tables with the public IPFS DHT. */
export const PROTOCOL_KAD = '/vain/kad/1.0.0'
