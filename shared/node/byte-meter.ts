/**
 * Bytes sent and received by the node's own protocols over the last hour, in
 * one-minute buckets (a fixed 60-slot ring: bounded memory whatever the rate).
 * The seed's low-bandwidth mode caps the hourly total; the node asks `allows`
 * before every upload or download it can defer.
 */
import { InvalidParametersError } from '../errors.ts'

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
const SLOTS = 60

export type Direction = 'sent' | 'received'

export interface ByteUsage {
  sent: number
  received: number
}

export class HourlyByteMeter {
  private readonly minute = new Float64Array(SLOTS)
  private readonly sent = new Float64Array(SLOTS)
  private readonly received = new Float64Array(SLOTS)

  /** Records a transfer at `nowMs`. */
  record (direction: Direction, bytes: number, nowMs: number): void {
    if (!Number.isFinite(bytes) || bytes < 0) throw new InvalidParametersError('bytes must be a non-negative number')
    const slot = this.slot(nowMs)
    ;(direction === 'sent' ? this.sent : this.received)[slot] += bytes
  }

  /** Bytes in the 60 minutes up to `nowMs`. */
  usage (nowMs: number): ByteUsage {
    const current = Math.floor(nowMs / MINUTE_MS)
    let sent = 0
    let received = 0
    for (let i = 0; i < SLOTS; i++) {
      if (current - this.minute[i] < SLOTS) {
        sent += this.sent[i]
        received += this.received[i]
      }
    }
    return { sent, received }
  }

  /**
   * Whether `bytes` more may move now under an hourly cap of `capBytes`
   * (sent + received); a cap of 0 means no cap.
   */
  allows (bytes: number, capBytes: number, nowMs: number): boolean {
    if (capBytes <= 0) return true
    const { sent, received } = this.usage(nowMs)
    return sent + received + bytes <= capBytes
  }

  private slot (nowMs: number): number {
    const minute = Math.floor(nowMs / MINUTE_MS)
    const slot = minute % SLOTS
    if (this.minute[slot] !== minute) {
      this.minute[slot] = minute
      this.sent[slot] = 0
      this.received[slot] = 0
    }
    return slot
  }
}
