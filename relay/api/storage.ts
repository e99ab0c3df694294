/** GET /api/storage: how much the relay keeps on disk. Walks the data dir, cached briefly. */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

export interface StorageUse { dataDir: string, bytes: number, files: number }

const CACHE_MS = 10_000
/** Stop counting past this many entries; the figure is then a lower bound. */
const MAX_ENTRIES = 200_000

export function storageUse (dataDir: string): () => Promise<StorageUse> {
  let cached: { at: number, value: Promise<StorageUse> } | undefined
  return async () => {
    if (cached == null || Date.now() - cached.at > CACHE_MS) {
      cached = { at: Date.now(), value: measure(dataDir) }
    }
    return cached.value
  }
}

async function measure (dataDir: string): Promise<StorageUse> {
  let bytes = 0
  let files = 0
  let entries = 0
  const stack = [dataDir]
  while (stack.length > 0 && entries < MAX_ENTRIES) {
    const dir = stack.pop()!
    let list
    try {
      list = await readdir(dir, { withFileTypes: true })
    } catch {
      continue
    }
    for (const e of list) {
      entries++
      const p = join(dir, e.name)
      if (e.isDirectory()) stack.push(p)
      else if (e.isFile()) {
        try {
          bytes += (await stat(p)).size
          files++
        } catch {
          // vanished meanwhile (LevelDB compaction)
        }
      }
    }
  }
  return { dataDir, bytes, files }
}
