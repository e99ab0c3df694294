/**
 * Seeded, platform-independent randomness: the same seed gives the same stream in every
 * browser, in Node and in the simulator. Built on seedrandom's Alea generator.
 */
import seedrandom from 'seedrandom'

/** A function returning uniform numbers in [0, 1). */
export type Random = () => number

export function createRandom (seed: number | string): Random {
  const prng = seedrandom.alea(String(seed))
  return () => prng()
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T extends { length: number, [i: number]: unknown }> (array: T, random: Random): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = array[i]
    array[i] = array[j]
    array[j] = t
  }
  return array
}

/** A random permutation of 0..n-1. */
export function permutation (n: number, random: Random): Uint32Array {
  const out = new Uint32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  return shuffleInPlace(out, random)
}
