/**
 * libp2p service running the signed hello on every new direct connection.
 *
 * The dialer of a direct (non-limited) connection opens a `/vain/hello/1.0.0`
 * stream and sends its SignedHello; the listener verifies it and answers with
 * its own, which the dialer verifies. A peer whose hello fails (bad signature,
 * wrong peer, stale, garbage, oversized) is counted, reported in a
 * `hello:rejected` event and hung up on; nothing throws past the handler.
 */
import { TypedEventEmitter } from 'main-event'
import { lpStream } from '@libp2p/utils'
import type { ComponentLogger, Connection, Libp2pEvents, Logger, PeerId, PrivateKey, Startable, Stream, TypedEventTarget } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'
import { PROTOCOL_HELLO } from './ids.ts'
import { HELLO_TIMEOUT_MS, MAX_HELLO_BYTES, MAX_LENGTH_PREFIX_BYTES } from './limits.ts'
import { signHello, verifyHello } from './hello.ts'
import type { Capabilities, Hello } from './hello.ts'
import { transportOf } from './transport.ts'

/** Peers remembered with their verified hello; more are dropped oldest first. */
export const MAX_HELLO_PEERS = 1024

export interface HelloServiceInit {
  /** This node's capabilities, gathered once by the platform. */
  capabilities: () => Promise<Capabilities>
  /** Software version sent in the hello. */
  version: string
  /** Close the connection of a peer whose hello was rejected. @default true */
  hangUpOnReject?: boolean
}

export interface HelloServiceComponents {
  peerId: PeerId
  privateKey: PrivateKey
  registrar: Registrar
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
}

export interface HelloVerifiedDetail { peerId: string, hello: Hello }
export interface HelloRejectedDetail { peerId: string, reason: string, message: string }

export interface HelloServiceEvents {
  'hello:verified': CustomEvent<HelloVerifiedDetail>
  'hello:rejected': CustomEvent<HelloRejectedDetail>
}

export interface HelloService extends TypedEventEmitter<HelloServiceEvents> {
  /** Verified hellos by peer id (peers currently or recently connected). */
  readonly verified: ReadonlyMap<string, Hello>
  /** Rejected hellos so far, by error name. */
  readonly rejected: Readonly<Record<string, number>>
}

class DefaultHelloService extends TypedEventEmitter<HelloServiceEvents> implements HelloService, Startable {
  readonly verified = new Map<string, Hello>()
  readonly rejected: Record<string, number> = {}
  private readonly components: HelloServiceComponents
  private readonly init: HelloServiceInit
  private readonly log: Logger
  private capabilities?: Promise<Capabilities>
  private started = false
  /** connections we cut ourselves: failures on them are consequences, not new rejections */
  private readonly hungUp = new WeakSet<Connection>()

  constructor (components: HelloServiceComponents, init: HelloServiceInit) {
    super()
    this.components = components
    this.init = init
    this.log = components.logger.forComponent('vain:hello')
    this.onConnectionOpen = this.onConnectionOpen.bind(this)
  }

  readonly [Symbol.toStringTag] = 'vain:hello'

  async start (): Promise<void> {
    await this.components.registrar.handle(PROTOCOL_HELLO, (stream, connection) => this.onStream(stream, connection), {
      maxInboundStreams: 2,
      maxOutboundStreams: 2
    })
    this.components.events.addEventListener('connection:open', this.onConnectionOpen)
    this.started = true
  }

  async stop (): Promise<void> {
    this.components.events.removeEventListener('connection:open', this.onConnectionOpen)
    await this.components.registrar.unhandle(PROTOCOL_HELLO)
    this.started = false
  }

  isStarted (): boolean {
    return this.started
  }

  private async myHello (to: string): Promise<Uint8Array> {
    this.capabilities ??= this.init.capabilities()
    return signHello(this.components.privateKey, this.components.peerId.toString(), {
      to,
      capabilities: await this.capabilities,
      version: this.init.version
    })
  }

  private onConnectionOpen (evt: CustomEvent<Connection>): void {
    const connection = evt.detail
    if (connection.direction !== 'outbound' || transportOf(connection) !== 'webrtc') return
    void this.initiate(connection)
  }

  /** Dialer side: send ours, read and verify theirs. */
  private async initiate (connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const signal = AbortSignal.timeout(HELLO_TIMEOUT_MS)
    let stream: Stream | undefined
    let hello: Hello
    try {
      stream = await connection.newStream(PROTOCOL_HELLO, { signal })
      const lp = lpStream(stream, { maxDataLength: MAX_HELLO_BYTES, maxLengthLength: MAX_LENGTH_PREFIX_BYTES })
      await lp.write(await this.myHello(peer), { signal })
      const frame = await lp.read({ signal })
      hello = await verifyHello(frame.subarray(), { from: peer, to: this.components.peerId.toString() })
    } catch (err) {
      this.reject(peer, err as Error, connection, stream)
      return
    }
    this.accept(peer, hello)
    await this.closeQuietly(stream, signal)
  }

  /** Listener side: read and verify theirs, answer with ours. */
  private async onStream (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const signal = AbortSignal.timeout(HELLO_TIMEOUT_MS)
    const lp = lpStream(stream, { maxDataLength: MAX_HELLO_BYTES, maxLengthLength: MAX_LENGTH_PREFIX_BYTES })
    let hello: Hello
    try {
      const frame = await lp.read({ signal })
      hello = await verifyHello(frame.subarray(), { from: peer, to: this.components.peerId.toString() })
    } catch (err) {
      this.reject(peer, err as Error, connection, stream)
      return
    }
    this.accept(peer, hello)
    try {
      await lp.write(await this.myHello(peer), { signal })
    } catch (err) {
      this.log('could not answer the hello of %s - %e', peer, err)
      stream.abort(err as Error)
      return
    }
    await this.closeQuietly(stream, signal)
  }

  private async closeQuietly (stream: Stream, signal: AbortSignal): Promise<void> {
    try {
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err as Error)
    }
  }

  private accept (peerId: string, hello: Hello): void {
    this.verified.delete(peerId)
    this.verified.set(peerId, hello)
    while (this.verified.size > MAX_HELLO_PEERS) {
      this.verified.delete(this.verified.keys().next().value as string)
    }
    this.log('verified hello from %s', peerId)
    this.safeDispatch('hello:verified', { peerId, hello })
  }

  private reject (peerId: string, err: Error, connection: Connection, stream?: Stream): void {
    stream?.abort(err)
    if (this.hungUp.has(connection)) return
    const reason = err.name ?? 'Error'
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1
    this.log.error('rejected hello from %s: %s %s', peerId, reason, err.message)
    if (this.init.hangUpOnReject !== false) {
      this.hungUp.add(connection)
      connection.abort(err)
    }
    this.safeDispatch('hello:rejected', { peerId, reason, message: err.message })
  }

  private safeDispatch<K extends keyof HelloServiceEvents> (type: K, detail: HelloServiceEvents[K]['detail']): void {
    try {
      this.safeDispatchEvent(type, { detail })
    } catch (err) {
      this.log.error('listener of %s threw - %e', type, err)
    }
  }
}

export function helloService (init: HelloServiceInit): (components: HelloServiceComponents) => HelloService {
  return (components) => new DefaultHelloService(components, init)
}
