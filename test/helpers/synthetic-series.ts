/**
 * Generated QC series with known truth, for the drift detector's tests and its bench figures:
 * daily values (one per day at noon UT) of level + slope·day + a step, with Gaussian noise from a
 * seeded generator, so every run sees the same numbers.
 */
const DAY = 86_400_000

/** mulberry32: a small seeded uniform generator in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal deviates (Box–Muller) from a uniform generator. */
export function gauss(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())
}

export interface SeriesSpec { days: number; level: number; sigma: number; slopePerDay?: number; step?: { day: number; size: number }; startMs?: number; seed: number }

/** `days` daily values; times ms ascending. */
export function synthetic(s: SeriesSpec): { t: number[]; y: number[] } {
  const n = gauss(rng(s.seed))
  const start = s.startMs ?? Date.UTC(2026, 0, 1, 12)
  const t: number[] = [], y: number[] = []
  for (let d = 0; d < s.days; d++) {
    t.push(start + d * DAY)
    y.push(s.level + (s.slopePerDay ?? 0) * d + (s.step && d >= s.step.day ? s.step.size : 0) + s.sigma * n())
  }
  return { t, y }
}
