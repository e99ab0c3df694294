/** Deterministic epoch fixtures for tests (and the on-chain cross-check): no randomness from the platform. */
import type { NodeEpochCounters } from './epoch.ts'

/** A small xorshift32 generator, so a seed always yields the same epoch. */
export function xorshift32 (seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    return x / 2 ** 32
  }
}

export function accountFor (i: number): `0x${string}` {
  return `0x${(0xa11ce0000000n + BigInt(i)).toString(16).padStart(40, '0')}`
}

/** `count` nodes with varied hardware, contribution and locks; some with nothing accepted. */
export function syntheticEpoch (count: number, seed = 7): NodeEpochCounters[] {
  const rnd = xorshift32(seed)
  return Array.from({ length: count }, (_, i) => {
    const accepted = rnd() < 0.05 ? 0 : 1 + Math.floor(rnd() * 20)
    return {
      peerId: `12D3KooWpeer${i.toString().padStart(5, '0')}`,
      account: accountFor(i),
      acceptedUpdates: accepted,
      rejectedUpdates: Math.floor(rnd() * 3),
      samples: accepted * (100 + Math.floor(rnd() * 5_000)),
      quality: Math.round(rnd() * 1_000) / 1_000,
      uptime: rnd() < 0.3 ? 0.9995 : Math.round(rnd() * 10_000) / 10_000,
      computeSamplesPerSecond: Math.floor(rnd() * 4_000),
      bandwidthMbps: Math.floor(rnd() * 2_000),
      latencyMs: Math.floor(rnd() * 300),
      lockSeconds: Math.floor(rnd() * 3) * 200 * 86_400,
      previousReputation: Math.floor(rnd() * 10_000)
    }
  })
}
