import { describe, expect, it } from 'vitest'
import { buildDataset, memoryDataSource } from './dataset-build.ts'
import { loadSamples, parseManifest, resolveSelection, sha256Hex } from './dataset.ts'
import type { DataSource } from './dataset.ts'
import { DataIntegrityError, InvalidDataError, InvalidParametersError } from './errors.ts'
import { idxImages, idxLabels } from './testing/idx.ts'

// 250 train / 40 test samples of 2×2 pixels; pixel bytes encode the sample index
const trainLabels = Array.from({ length: 250 }, (_, i) => i % 10)
const testLabels = Array.from({ length: 40 }, (_, i) => (i * 3) % 10)
const built = await buildDataset({
  train: { images: idxImages(250, 2, 2, i => Math.floor(i / 4) % 256), labels: idxLabels(trainLabels) },
  test: { images: idxImages(40, 2, 2, i => Math.floor(i / 4)), labels: idxLabels(testLabels) }
}, { chunkSize: { train: 60, test: 16 } })

describe('built data set', () => {
  it('has a manifest with hashed, content-named files', async () => {
    const m = parseManifest(JSON.parse(JSON.stringify(built.manifest)))
    expect(m.splits.train.images).toHaveLength(5)
    expect(m.splits.test.images).toHaveLength(3)
    for (const entry of [...m.splits.train.images, m.splits.train.labels]) {
      const bytes = built.files.get(entry.path)!
      expect(entry.bytes).toBe(bytes.byteLength)
      expect(entry.sha256).toBe(await sha256Hex(bytes))
      expect(entry.path).toContain(entry.sha256.slice(0, 12))
    }
    expect(m.splits.train.images[4].bytes).toBe(10 * 4)
  })

  it('refuses a malformed manifest', () => {
    expect(() => parseManifest({ format: 'other' })).toThrow(InvalidDataError)
    const broken = JSON.parse(JSON.stringify(built.manifest))
    broken.splits.train.images.pop()
    expect(() => parseManifest(broken)).toThrow(/train is malformed/)
  })
})

describe('loadSamples', () => {
  const source = memoryDataSource(built)

  it('gathers a range across chunk borders', async () => {
    const s = await loadSamples(source, { split: 'train', kind: 'range', start: 55, count: 10 })
    expect(s.count).toBe(10)
    expect(Array.from(s.labels)).toEqual(trainLabels.slice(55, 65))
    for (let i = 0; i < 10; i++) expect(s.pixels[i * 4]).toBe(55 + i)
  })

  it('gathers exactly one client of an IID partition, reading only the chunks it needs', async () => {
    const reads: string[] = []
    const counting: DataSource = { manifest: source.manifest, file: async (e, o) => { reads.push(e.path); return await source.file(e, o) } }
    const s = await loadSamples(counting, { split: 'train', kind: 'iid', clients: 5, client: 2, seed: 9 })
    const idx = resolveSelection({ split: 'train', kind: 'iid', clients: 5, client: 2, seed: 9 }, Uint8Array.from(trainLabels))
    expect(s.count).toBe(50)
    expect(Array.from(s.pixels.filter((_, i) => i % 4 === 0))).toEqual(Array.from(idx))
    expect(new Set(reads).size).toBe(reads.length)
  })

  it('gathers a non-IID client with at most 2 labels', async () => {
    const s = await loadSamples(source, { split: 'train', kind: 'non-iid', clients: 10, client: 3, seed: 1 })
    expect(new Set(s.labels).size).toBeLessThanOrEqual(2)
  })

  it('refuses a range outside the split', async () => {
    await expect(loadSamples(source, { split: 'test', kind: 'range', start: 30, count: 11 })).rejects.toThrow(InvalidParametersError)
  })

  it('refuses a file whose bytes do not match the manifest hash', async () => {
    const entry = built.manifest.splits.test.images[1]
    const files = new Map(built.files)
    const corrupt = files.get(entry.path)!.slice()
    corrupt[3] ^= 0xff
    files.set(entry.path, corrupt)
    const bad = memoryDataSource({ manifest: built.manifest, files })
    const err = await loadSamples(bad, { split: 'test', kind: 'range', start: 0, count: 40 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DataIntegrityError)
    expect((err as DataIntegrityError).name).toBe('DataIntegrityError')
    expect((err as Error).message).toContain(entry.path)
    expect((err as Error).message).toMatch(/sha2-256/)
  })
})
