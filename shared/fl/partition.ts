/**
 * Seeded, deterministic client partitions of a data set (FedAvg paper §3):
 * - IID: shuffle all indices, deal them out in equal parts;
 * - pathological non-IID: sort by label, cut into shards (200 of ~300 for 100 clients on
 *   MNIST's 60,000), give each client 2 shards.
 *
 * The paper slices the label-sorted list into equal shards, so a few shards straddle two
 * digits and a client can then hold 3 or 4 labels. Here shards never cross a label: each
 * label gets a number of shards proportional to its count (largest remainder) and its
 * samples are split evenly among them. Shards are then 300 ± ~10 % long, every sample is
 * used, and a client with 2 shards holds at most 2 labels.
 */
import { InvalidParametersError } from './errors.ts'
import { createRandom, permutation, shuffleInPlace } from './random.ts'

export interface IidPartitionInit {
  /** number of samples in the set */
  samples: number
  clients: number
  seed: number
}

export interface NonIidPartitionInit {
  /** one label per sample */
  labels: ArrayLike<number>
  clients: number
  seed: number
  /** @default 2 */
  shardsPerClient?: number
}

function checkClients (clients: number, samples: number): void {
  if (!Number.isInteger(clients) || clients < 1) throw new InvalidParametersError(`clients must be a positive integer, got ${clients}`)
  if (clients > samples) throw new InvalidParametersError(`Cannot split ${samples} samples among ${clients} clients`)
}

/**
 * IID partition: client k gets a random, disjoint set of ⌊n/clients⌋ or ⌈n/clients⌉ indices
 * (sorted ascending); together they cover every index.
 */
export function iidPartition (init: IidPartitionInit): Uint32Array[] {
  const { samples, clients, seed } = init
  if (!Number.isInteger(samples) || samples < 0) throw new InvalidParametersError(`samples must be a non-negative integer, got ${samples}`)
  checkClients(clients, samples)
  const order = permutation(samples, createRandom(`iid:${seed}`))
  const out: Uint32Array[] = []
  const base = Math.floor(samples / clients)
  const extra = samples % clients
  let at = 0
  for (let k = 0; k < clients; k++) {
    const size = base + (k < extra ? 1 : 0)
    out.push(order.slice(at, at + size).sort())
    at += size
  }
  return out
}

/** Shards per label by largest remainder, at least one for every label present. */
function apportion (counts: Map<number, number>, shards: number, total: number): Map<number, number> {
  const labels = [...counts.keys()].sort((a, b) => a - b)
  if (shards < labels.length) throw new InvalidParametersError(`${shards} shards cannot keep ${labels.length} labels apart`)
  const out = new Map<number, number>()
  const remainders: Array<{ label: number, rest: number }> = []
  let given = 0
  for (const label of labels) {
    const exact = (counts.get(label) ?? 0) * shards / total
    const n = Math.max(1, Math.floor(exact))
    out.set(label, n)
    given += n
    remainders.push({ label, rest: exact - Math.floor(exact) })
  }
  remainders.sort((a, b) => b.rest - a.rest || a.label - b.label)
  for (let i = 0; given < shards; i = (i + 1) % remainders.length) {
    const { label } = remainders[i]
    out.set(label, (out.get(label) ?? 0) + 1)
    given++
  }
  // a label forced up to one shard may push the total over: take back from the largest
  while (given > shards) {
    const [label] = [...out.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]
    out.set(label, (out.get(label) ?? 0) - 1)
    given--
  }
  return out
}

/**
 * Pathological non-IID partition: label-pure shards, `shardsPerClient` per client, dealt at
 * random. Each client holds at most `shardsPerClient` labels; every index is used once.
 */
export function nonIidPartition (init: NonIidPartitionInit): Uint32Array[] {
  const { labels, clients, seed } = init
  const shardsPerClient = init.shardsPerClient ?? 2
  if (!Number.isInteger(shardsPerClient) || shardsPerClient < 1) throw new InvalidParametersError(`shardsPerClient must be a positive integer, got ${shardsPerClient}`)
  const n = labels.length
  checkClients(clients, n)
  const shards = clients * shardsPerClient
  if (shards > n) throw new InvalidParametersError(`Cannot cut ${n} samples into ${shards} shards`)

  // stable sort by label: index order within a label
  const byLabel = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const label = labels[i]
    let list = byLabel.get(label)
    if (list == null) byLabel.set(label, list = [])
    list.push(i)
  }
  const counts = new Map([...byLabel.entries()].map(([label, list]) => [label, list.length]))
  const perLabel = apportion(counts, shards, n)

  const shardList: Uint32Array[] = []
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const list = byLabel.get(label) ?? []
    const k = perLabel.get(label) ?? 0
    for (let s = 0; s < k; s++) {
      const from = Math.floor(s * list.length / k)
      const to = Math.floor((s + 1) * list.length / k)
      shardList.push(Uint32Array.from(list.slice(from, to)))
    }
  }
  const order = shuffleInPlace(shardList, createRandom(`non-iid:${seed}`))
  const out: Uint32Array[] = []
  for (let k = 0; k < clients; k++) {
    const mine = order.slice(k * shardsPerClient, (k + 1) * shardsPerClient)
    const size = mine.reduce((a, s) => a + s.length, 0)
    const indices = new Uint32Array(size)
    let at = 0
    for (const s of mine) { indices.set(s, at); at += s.length }
    out.push(indices.sort())
  }
  return out
}
