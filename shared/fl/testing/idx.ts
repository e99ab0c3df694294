/** Builders of small IDX files for tests. */
export function idxImages (count: number, rows: number, cols: number, fill: (i: number) => number = i => i % 256): Uint8Array {
  const out = new Uint8Array(16 + count * rows * cols)
  const view = new DataView(out.buffer)
  view.setUint32(0, 2051); view.setUint32(4, count); view.setUint32(8, rows); view.setUint32(12, cols)
  for (let i = 0; i < count * rows * cols; i++) out[16 + i] = fill(i)
  return out
}

export function idxLabels (labels: number[]): Uint8Array {
  const out = new Uint8Array(8 + labels.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, 2049); view.setUint32(4, labels.length)
  out.set(labels, 8)
  return out
}
