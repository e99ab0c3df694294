/**
 * The served data set: a manifest (`manifest.json`) naming, per split, one labels file and
 * image chunks of `chunkSize` samples (uint8 pixels, row-major), each with its sha2-256.
 * `loadSamples` resolves a selection (a range or one client's partition) to indices and
 * gathers exactly those samples, reading only the chunks it needs.
 */
import { sha256 } from 'multiformats/hashes/sha2'
import { DataIntegrityError, InvalidDataError, InvalidParametersError } from './errors.ts'
import { iidPartition, nonIidPartition } from './partition.ts'

export type Split = 'train' | 'test'

export interface DataFileEntry {
  /** path relative to the manifest */
  path: string
  bytes: number
  /** lowercase hex sha2-256 of the file */
  sha256: string
}

export interface DataSplitInfo {
  count: number
  chunkSize: number
  labels: DataFileEntry
  images: DataFileEntry[]
}

export interface DatasetManifest {
  format: 'vain-dataset/1'
  name: string
  /** where the samples came from, for people */
  source: string
  sampleShape: [number, number, number]
  classes: number
  splits: Record<Split, DataSplitInfo>
}

export const DATASET_FORMAT = 'vain-dataset/1'

/** Which samples to use: a plain range, or client `client`'s part of a seeded partition. */
export type DataSelection =
  | { split: Split, kind: 'range', start: number, count: number }
  | { split: Split, kind: 'iid', clients: number, client: number, seed: number, /** use only the first `limit` of the client's samples */ limit?: number }
  | { split: Split, kind: 'non-iid', clients: number, client: number, seed: number, shardsPerClient?: number, limit?: number }

export interface Samples {
  count: number
  /** values per sample (h·w·c) */
  sampleSize: number
  /** count·sampleSize bytes, 0–255 */
  pixels: Uint8Array
  labels: Uint8Array
}

/** Reads verified files of a data set: the platform part (fetch + cache, or the file system). */
export interface DataSource {
  manifest(options?: { signal?: AbortSignal }): Promise<DatasetManifest>
  /** bytes of `entry`, already checked against `entry.sha256` */
  file(entry: DataFileEntry, options?: { signal?: AbortSignal }): Promise<Uint8Array>
}

function isEntry (e: unknown): e is DataFileEntry {
  const x = e as DataFileEntry
  return x != null && typeof x.path === 'string' && Number.isInteger(x.bytes) && typeof x.sha256 === 'string' && /^[0-9a-f]{64}$/.test(x.sha256)
}

/** Validates a manifest read from the network (throws `InvalidDataError`). */
export function parseManifest (json: unknown): DatasetManifest {
  const m = json as DatasetManifest
  if (m == null || m.format !== DATASET_FORMAT) throw new InvalidDataError(`Not a ${DATASET_FORMAT} manifest`)
  if (!Array.isArray(m.sampleShape) || m.sampleShape.length !== 3) throw new InvalidDataError('Manifest needs a sampleShape [h, w, c]')
  for (const split of ['train', 'test'] as const) {
    const s = m.splits?.[split]
    if (s == null || !Number.isInteger(s.count) || !Number.isInteger(s.chunkSize) || s.chunkSize < 1 || !isEntry(s.labels) ||
      !Array.isArray(s.images) || !s.images.every(isEntry) || s.images.length !== Math.ceil(s.count / s.chunkSize)) {
      throw new InvalidDataError(`Manifest split ${split} is malformed`)
    }
  }
  return m
}

export function toHex (bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

export async function sha256Hex (bytes: Uint8Array): Promise<string> {
  return toHex((await sha256.digest(bytes)).digest)
}

/** Throws `DataIntegrityError` unless `bytes` hash to `entry.sha256`. */
export async function verifyFile (entry: DataFileEntry, bytes: Uint8Array): Promise<void> {
  const actual = await sha256Hex(bytes)
  if (actual !== entry.sha256) throw new DataIntegrityError(entry.path, entry.sha256, actual)
}

/** Indices (ascending) a selection names, given the split's labels. */
export function resolveSelection (selection: DataSelection, labels: Uint8Array): Uint32Array {
  const total = labels.length
  switch (selection.kind) {
    case 'range': {
      const { start, count } = selection
      if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > total) {
        throw new InvalidParametersError(`Range ${start}+${count} is outside the ${total} ${selection.split} samples`)
      }
      return Uint32Array.from({ length: count }, (_, i) => start + i)
    }
    case 'iid':
    case 'non-iid': {
      const { clients, client, seed } = selection
      if (!Number.isInteger(client) || client < 0 || client >= clients) throw new InvalidParametersError(`client must be in 0..${clients - 1}, got ${client}`)
      const parts = selection.kind === 'iid'
        ? iidPartition({ samples: total, clients, seed })
        : nonIidPartition({ labels, clients, seed, shardsPerClient: selection.shardsPerClient })
      const mine = parts[client]
      return selection.limit == null ? mine : mine.subarray(0, selection.limit)
    }
    default:
      throw new InvalidParametersError(`Unknown selection kind ${String((selection as { kind?: unknown }).kind)}`)
  }
}

/** Gathers the selected samples, reading only the image chunks that hold them. */
export async function loadSamples (source: DataSource, selection: DataSelection, options: { signal?: AbortSignal } = {}): Promise<Samples> {
  const manifest = await source.manifest(options)
  const split = manifest.splits[selection.split]
  if (split == null) throw new InvalidParametersError(`Unknown split ${String(selection.split)}`)
  const sampleSize = manifest.sampleShape[0] * manifest.sampleShape[1] * manifest.sampleShape[2]
  const allLabels = await source.file(split.labels, options)
  if (allLabels.length !== split.count) throw new InvalidDataError(`Labels file holds ${allLabels.length} labels, manifest says ${split.count}`)
  const indices = resolveSelection(selection, allLabels)
  const pixels = new Uint8Array(indices.length * sampleSize)
  const labels = new Uint8Array(indices.length)
  let i = 0
  while (i < indices.length) {
    const chunk = Math.floor(indices[i] / split.chunkSize)
    const entry = split.images[chunk]
    const bytes = await source.file(entry, options)
    const first = chunk * split.chunkSize
    const inChunk = Math.min(split.chunkSize, split.count - first)
    if (bytes.length !== inChunk * sampleSize) throw new InvalidDataError(`${entry.path} holds ${bytes.length} bytes, expected ${inChunk * sampleSize}`)
    // indices are ascending: take every one that falls in this chunk
    for (; i < indices.length && indices[i] < first + inChunk; i++) {
      const at = (indices[i] - first) * sampleSize
      pixels.set(bytes.subarray(at, at + sampleSize), i * sampleSize)
      labels[i] = allLabels[indices[i]]
    }
  }
  return { count: indices.length, sampleSize, pixels, labels }
}
