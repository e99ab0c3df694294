/**
 * Lets an `{ signal }` options object cross Comlink: an AbortSignal cannot be cloned, so the
 * page side sends a MessagePort instead and the worker side rebuilds a signal that aborts
 * when the page's does. Register it on both sides (client.ts and training.worker.ts).
 */
import * as Comlink from 'comlink'

interface WithSignal { signal: AbortSignal, [key: string]: unknown }
type Wire = { rest: Record<string, unknown>, port: MessagePort }

export function registerAbortSignalTransfer (): void {
  Comlink.transferHandlers.set('options-with-signal', {
    canHandle: (value: unknown): value is WithSignal =>
      value != null && typeof value === 'object' && (value as { signal?: unknown }).signal instanceof AbortSignal,
    serialize: (value: WithSignal): [Wire, Transferable[]] => {
      const { signal, ...rest } = value
      const { port1, port2 } = new MessageChannel()
      const send = (): void => { port1.postMessage('abort'); port1.close() }
      if (signal.aborted) send()
      else signal.addEventListener('abort', send, { once: true })
      return [{ rest, port: port2 }, [port2]]
    },
    deserialize: ({ rest, port }: Wire): WithSignal => {
      const controller = new AbortController()
      port.onmessage = () => { controller.abort(); port.close() }
      return { ...rest, signal: controller.signal }
    }
  } satisfies Comlink.TransferHandler<WithSignal, Wire>)
}
