import { describe, it, expect } from 'vitest'
import { shardOf, shardSelection, DEFAULT_SHARDS } from './task-info.ts'
import { DEFAULT_TASK } from './task.ts'

describe('task shards', () => {
  it('gives a peer the same shard every time and spreads peers over all shards', async () => {
    expect(await shardOf('12D3KooWabc', DEFAULT_SHARDS)).toBe(await shardOf('12D3KooWabc', DEFAULT_SHARDS))
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) seen.add(await shardOf(`peer-${i}`, DEFAULT_SHARDS))
    expect(seen.size).toBe(DEFAULT_SHARDS)
    for (const s of seen) expect(s >= 0 && s < DEFAULT_SHARDS).toBe(true)
  })

  it('selects the task partition for the peer', async () => {
    const sel = await shardSelection({ task: DEFAULT_TASK, shards: 20, seed: 7, evalSamples: 100 }, 'x')
    expect(sel).toMatchObject({ split: 'train', kind: 'iid', clients: 20, seed: 7 })
  })
})
