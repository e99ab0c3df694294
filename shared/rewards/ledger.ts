/**
 * EpochLedger: the per-node counters a relay keeps during an epoch, in the shape `closeEpoch`
 * wants. The relay calls the `record*` methods as things happen (an update accepted or rejected,
 * time a node was connected, a link or compute measurement) and `close()` at the epoch's end.
 * Peers that never named a payout account are left out of the epoch (and listed by
 * `peersWithoutAccount`), since there is nobody to pay or to credit on chain.
 */
import { normalizeAddress } from '../reputation/address.ts'
import type { Address } from '../reputation/address.ts'
import { closeEpoch } from './close-epoch.ts'
import type { CloseEpochInit, ClosedEpoch } from './close-epoch.ts'
import type { NodeEpochCounters } from './epoch.ts'
import { InvalidParametersError } from './errors.ts'

export interface EpochLedgerInit {
  /** Length of the epoch in seconds; uptime = seconds online / this. */
  epochSeconds: number
}

interface Entry {
  account?: Address
  accepted: number
  rejected: number
  samples: number
  qualitySum: number
  onlineSeconds: number
  bandwidthSum: number
  bandwidthCount: number
  latencySum: number
  latencyCount: number
  computeSamplesPerSecond: number
  lockSeconds: number
  previousReputation: number
}

function finiteNonNegative (name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new InvalidParametersError(`${name} must be a finite non-negative number, got ${v}`)
  return v
}

export class EpochLedger {
  readonly epochSeconds: number
  private readonly entries = new Map<string, Entry>()

  constructor (init: EpochLedgerInit) {
    if (!(init.epochSeconds > 0) || !Number.isFinite(init.epochSeconds)) throw new InvalidParametersError('epochSeconds must be positive')
    this.epochSeconds = init.epochSeconds
  }

  private entry (peerId: string): Entry {
    let e = this.entries.get(peerId)
    if (e === undefined) {
      e = {
        accepted: 0, rejected: 0, samples: 0, qualitySum: 0, onlineSeconds: 0, bandwidthSum: 0, bandwidthCount: 0,
        latencySum: 0, latencyCount: 0, computeSamplesPerSecond: 0, lockSeconds: 0, previousReputation: 0
      }
      this.entries.set(peerId, e)
    }
    return e
  }

  /** The address the peer's rewards go to (from its signed hello or config). */
  setAccount (peerId: string, account: string): void {
    this.entry(peerId).account = normalizeAddress(account)
  }

  /** One update from the peer: accepted (with its samples and quality 0..1) or rejected. */
  recordUpdate (peerId: string, update: { accepted: boolean, samples?: number, quality?: number }): void {
    const e = this.entry(peerId)
    if (!update.accepted) {
      e.rejected++
      return
    }
    const samples = update.samples ?? 0
    if (!Number.isSafeInteger(samples) || samples < 0) throw new InvalidParametersError(`samples must be a non-negative integer, got ${samples}`)
    const quality = update.quality ?? 1
    if (!(quality >= 0 && quality <= 1)) throw new InvalidParametersError(`quality must be within 0..1, got ${quality}`)
    e.accepted++
    e.samples += samples
    e.qualitySum += quality
  }

  /** Seconds the peer was seen connected (call with each interval; the total is capped at the epoch). */
  recordOnline (peerId: string, seconds: number): void {
    this.entry(peerId).onlineSeconds += finiteNonNegative('seconds', seconds)
  }

  /** A link measurement; the epoch uses the mean of each. */
  recordLink (peerId: string, link: { bandwidthMbps?: number, latencyMs?: number }): void {
    const e = this.entry(peerId)
    if (link.bandwidthMbps !== undefined) {
      e.bandwidthSum += finiteNonNegative('bandwidthMbps', link.bandwidthMbps)
      e.bandwidthCount++
    }
    if (link.latencyMs !== undefined) {
      e.latencySum += finiteNonNegative('latencyMs', link.latencyMs)
      e.latencyCount++
    }
  }

  /** Training throughput measured on the reference task; the epoch keeps the latest. */
  recordCompute (peerId: string, samplesPerSecond: number): void {
    this.entry(peerId).computeSamplesPerSecond = finiteNonNegative('samplesPerSecond', samplesPerSecond)
  }

  /** The peer's stake lock (seconds) as read from Staking, for the lockup bonus. */
  setLock (peerId: string, lockSeconds: number): void {
    this.entry(peerId).lockSeconds = finiteNonNegative('lockSeconds', lockSeconds)
  }

  /** The peer's running reputation from the previous epoch (0..10,000). */
  setPreviousReputation (peerId: string, reputation: number): void {
    this.entry(peerId).previousReputation = reputation
  }

  peersWithoutAccount (): string[] {
    return [...this.entries].filter(([, e]) => e.account === undefined).map(([peerId]) => peerId)
  }

  /** The epoch's counters, one per peer with an account. A peer never measured has latency ∞ (no bonus). */
  counters (): NodeEpochCounters[] {
    const out: NodeEpochCounters[] = []
    for (const [peerId, e] of this.entries) {
      if (e.account === undefined) continue
      out.push({
        peerId,
        account: e.account,
        acceptedUpdates: e.accepted,
        rejectedUpdates: e.rejected,
        samples: e.samples,
        quality: e.accepted === 0 ? 0 : Math.min(1, e.qualitySum / e.accepted),
        uptime: Math.min(1, e.onlineSeconds / this.epochSeconds),
        computeSamplesPerSecond: e.computeSamplesPerSecond,
        bandwidthMbps: e.bandwidthCount === 0 ? 0 : e.bandwidthSum / e.bandwidthCount,
        latencyMs: e.latencyCount === 0 ? Number.MAX_SAFE_INTEGER : e.latencySum / e.latencyCount,
        lockSeconds: e.lockSeconds,
        previousReputation: e.previousReputation
      })
    }
    return out
  }

  /** Close the epoch: roots, per-account proofs and per-peer results (see `closeEpoch`). */
  close (init: CloseEpochInit): ClosedEpoch {
    return closeEpoch(this.counters(), init)
  }
}
