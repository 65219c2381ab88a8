import { theilSen } from '../drift/theil-sen.ts'

/** A value of one series: time (ms), value, product. */
export interface Sample { t: number; value: number; product: string }
export interface Pair { t: number; x: number; y: number; product: string; yProduct: string }

/** At most this many pairs enter the Theil–Sen fit (O(n²)): evenly spaced in time beyond it, so a decade of daily pairs costs the same as two years. */
export const MAX_FIT_PAIRS = 600

/**
 * Pairs two series: values of the same product first (two QC parameters of one master frame),
 * else each x value with the y value nearest in time within `toleranceMs` (a detector temperature
 * logged separately). Both lists time-ascending; each y value pairs at most once. Linear.
 *
 * @example
 * pairSamples(bias, temperature, 6 * 3_600_000)
 */
export function pairSamples(xs: Sample[], ys: Sample[], toleranceMs: number): Pair[] {
  const byProduct = new Map<string, number>()
  ys.forEach((s, i) => { if (s.product) byProduct.set(s.product, i) })
  const used = new Uint8Array(ys.length)
  const out: Pair[] = []
  let j = 0
  for (const a of xs) {
    const same = a.product ? byProduct.get(a.product) : undefined
    if (same !== undefined && !used[same]) { used[same] = 1; out.push({ t: a.t, x: a.value, y: ys[same].value, product: a.product, yProduct: ys[same].product }); continue }
    while (j + 1 < ys.length && ys[j + 1].t <= a.t) j++
    let best = -1
    for (const k of [j, j + 1]) if (k >= 0 && k < ys.length && !used[k] && Math.abs(ys[k].t - a.t) <= toleranceMs && (best < 0 || Math.abs(ys[k].t - a.t) < Math.abs(ys[best].t - a.t))) best = k
    if (best >= 0) { used[best] = 1; out.push({ t: a.t, x: a.value, y: ys[best].value, product: a.product, yProduct: ys[best].product }) }
  }
  return out
}

export interface Correlation {
  n: number
  /** Pearson's r and Spearman's ρ (null below 3 pairs or without spread). */
  pearson: number | null
  spearman: number | null
  /** Robust line y = intercept + slope·x (Theil–Sen, 95 % interval of the slope). */
  fit: { slope: number; intercept: number; slopeLo: number; slopeHi: number; pairsUsed: number } | null
}

/** The correlation of paired values. */
export function correlate(pairs: Pair[]): Correlation {
  const n = pairs.length
  const x = pairs.map((p) => p.x), y = pairs.map((p) => p.y)
  const step = Math.max(1, Math.ceil(n / MAX_FIT_PAIRS))
  const sub = pairs.filter((_, i) => i % step === 0)
  const f = theilSen(sub.map((p) => p.x), sub.map((p) => p.y))
  return {
    n, pearson: pearson(x, y), spearman: pearson(ranks(x), ranks(y)),
    fit: f ? { slope: f.slope, intercept: f.intercept, slopeLo: f.lo, slopeHi: f.hi, pairsUsed: sub.length } : null,
  }
}

function pearson(x: number[], y: number[]): number | null {
  const n = x.length
  if (n < 3) return null
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n
  let sxy = 0, sxx = 0, syy = 0
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2 }
  return sxx > 0 && syy > 0 ? Math.round((sxy / Math.sqrt(sxx * syy)) * 10_000) / 10_000 : null
}

/** Ranks with ties averaged (1-based). */
function ranks(v: number[]): number[] {
  const idx = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0])
  const r = new Array<number>(v.length)
  for (let i = 0; i < idx.length;) {
    let k = i
    while (k + 1 < idx.length && idx[k + 1][0] === idx[i][0]) k++
    for (let m = i; m <= k; m++) r[idx[m][1]] = (i + k) / 2 + 1
    i = k + 1
  }
  return r
}

