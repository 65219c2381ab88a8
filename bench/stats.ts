/** Median of a list of numbers. */
export const median = (xs: number[]) => quantile(xs, 0.5)

/** Quantile by nearest rank (p in 0..1). */
export function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]
}

/** Times `fn` `n` times after `warm` untimed runs; returns milliseconds per run. */
export async function timeRuns(n: number, warm: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn()
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}

/** Peak resident set size of this process so far, in MiB. */
export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024

export const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
