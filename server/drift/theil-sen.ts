/**
 * Theil–Sen regression: the median of all pairwise slopes, robust to up to ~29 % outliers, with
 * Sen's (1968) distribution-free confidence interval — the ranks of the pairwise slopes that bound it
 * come from the variance of Kendall's S (ties in x corrected). Pure; O(n²) in time and memory, so
 * callers bound n (a 90-day window of daily values is ~4,000 pairs).
 */
export interface TheilSenFit {
  /** Units of y per unit of x (per day, for x in days). */
  slope: number
  /** Bounds of the slope's confidence interval. */
  lo: number
  hi: number
  /** y at x = 0: the median of y − slope·x. */
  intercept: number
  n: number
}

/** Two-sided standard-normal quantiles for the confidences callers use. */
const Z: Record<string, number> = { '0.9': 1.6449, '0.95': 1.96, '0.99': 2.5758 }

/**
 * @example
 * theilSen([0, 1, 2, 3, 4], [1, 1.1, 1.2, 1.3, 9]) // slope 0.1 (the outlier at x=4 barely moves it)
 */
export function theilSen(x: number[], y: number[], confidence = 0.95): TheilSenFit | null {
  const n = x.length
  if (n < 3 || y.length !== n) return null
  const slopes: number[] = []
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (x[j] !== x[i]) slopes.push((y[j] - y[i]) / (x[j] - x[i]))
  if (slopes.length < 2) return null
  slopes.sort((a, b) => a - b)
  const slope = median(slopes, true)
  // Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over groups of tied x.
  const ties = new Map<number, number>()
  for (const v of x) ties.set(v, (ties.get(v) ?? 0) + 1)
  let tieTerm = 0
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5)
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18
  const z = Z[String(confidence)] ?? 1.96
  const c = z * Math.sqrt(varS)
  const N = slopes.length
  // Ranks (1-based) M1 = (N − C)/2, M2 = (N + C)/2 + 1 bound the interval; clamped to the ends.
  const lo = slopes[Math.max(0, Math.min(N - 1, Math.floor((N - c) / 2) - 1))]
  const hi = slopes[Math.max(0, Math.min(N - 1, Math.ceil((N + c) / 2)))]
  const intercept = median(y.map((v, i) => v - slope * x[i]))
  return { slope, lo, hi, intercept, n }
}

/** Median of a list (sorted copy unless `sorted`). */
export function median(v: number[], sorted = false): number {
  if (v.length === 0) return NaN
  const s = sorted ? v : [...v].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Median absolute deviation scaled to σ of a normal distribution (×1.4826). */
export function madSigma(v: number[]): number {
  const m = median(v)
  return 1.4826 * median(v.map((x) => Math.abs(x - m)))
}
