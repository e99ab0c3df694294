/** Number formats the views share. */

/** 0 B, 12.3 kB, 4.56 MB, 7.89 GB */
export function formatBytes (n: number): string {
  if (n < 1e3) return `${Math.round(n)} B`
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`
  if (n < 1e9) return `${(n / 1e6).toFixed(2)} MB`
  return `${(n / 1e9).toFixed(2)} GB`
}
