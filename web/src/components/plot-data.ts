import type uPlot from 'uplot'
import type { SeriesColumns } from '../api.ts'

/** Okabe–Ito palette: distinguishable with colour-vision deficiencies. */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442']
export const colourOf = (setupIndex: number) => COLOURS[setupIndex % COLOURS.length]

/** The uPlot series of one setup, in order: its values, then its limits and reference (`BAND_KEYS`). */
export const BAND_KEYS = ['warnLo', 'warnHi', 'critLo', 'critHi', 'reference'] as const
/** Series per setup: values + 5 band lines. */
export const PER_SETUP = 1 + BAND_KEYS.length

export interface PlotData {
  data: uPlot.AlignedData
  /** uPlot series index of setup `s`'s values (its bands follow it). */
  seriesOf(s: number): number
  /** Index of the first overlay series (critical, warning, marked false, newest). */
  overlays: number
}

/**
 * Aligns the columnar series on one time axis (seconds) for uPlot. Every setup gets its own
 * warning and critical limits and reference (limits step where rule versions change), so each
 * setup is judged against its own band; overlays mark red and yellow values, values marked
 * false (hollow) and the newest point. Values marked false are not drawn as ordinary points.
 */
export function buildPlotData(series: SeriesColumns[]): PlotData {
  const times = [...new Set(series.flatMap((s) => s.t))].sort((a, b) => a - b)
  const index = new Map(times.map((t, i) => [t, i]))
  const col = () => new Array<number | null>(times.length).fill(null)
  const perSetup = series.flatMap((s) => {
    const [v, ...bands] = Array.from({ length: PER_SETUP }, col)
    // Limits are steps (and trailing references move slowly): a band keeps only the points where it
    // moves (by > 0.5 %, or every `stride` points), spanned by stepped lines, so 30 band lines of
    // 12,000 points each do not cost the plot its speed. Steps between rule versions stay exact.
    const stride = Math.max(1, Math.floor(s.t.length / 400))
    const kept: (number | null | undefined)[] = BAND_KEYS.map(() => undefined)
    const last = s.t.length - 1
    s.t.forEach((t, i) => {
      const k = index.get(t)!
      if (s.cause[i] !== 'excluded') v[k] = s.value[i]
      BAND_KEYS.forEach((key, b) => {
        const x = s[key][i], prev = kept[b]
        const moved = prev === undefined || x === null || prev === null ? x !== prev : Math.abs(x - prev) > 0.005 * Math.abs(prev) || (i % stride === 0 && x !== prev)
        if (i === 0 || i === last || moved) { bands[b][k] = x; kept[b] = x }
      })
    })
    return [v, ...bands]
  })
  const [red, yellow, flagged, newest] = Array.from({ length: 4 }, col)
  let newestT = -Infinity, newestV: number | null = null
  for (const s of series) s.t.forEach((t, i) => {
    const k = index.get(t)!
    if (s.cause[i] === 'excluded') flagged[k] = s.value[i]
    else if (s.score[i] === 'red') red[k] = s.value[i]
    else if (s.score[i] === 'yellow') yellow[k] = s.value[i]
    if (t > newestT) { newestT = t; newestV = s.value[i] }
  })
  if (newestV !== null) newest[index.get(newestT)!] = newestV
  return {
    data: [times.map((t) => t / 1000), ...perSetup, red, yellow, flagged, newest] as uPlot.AlignedData,
    seriesOf: (s) => 1 + s * PER_SETUP,
    overlays: 1 + series.length * PER_SETUP,
  }
}

/** Where a point is drawn, in CSS pixels of the plotting area. */
export type Project = (tMs: number, value: number) => [number, number]

/**
 * The point nearest to (x, y) in both axes over every shown setup — never just the nearest
 * time of one series — within `radius` px, or null. Each series is time-sorted, so only the
 * points whose x lies within the radius are looked at (binary search on time).
 *
 * @example
 * nearestPoint(series, [true, true], 310, 52, project, 20, toTime) // { series: 1, i: 407, dist: 2.2 }
 */
export function nearestPoint(series: SeriesColumns[], shown: boolean[], x: number, y: number, project: Project, radius: number, timeAt: (px: number) => number): { series: number; i: number; dist: number } | null {
  let best: { series: number; i: number; dist: number } | null = null
  const lo = Math.min(timeAt(x - radius), timeAt(x + radius)), hi = Math.max(timeAt(x - radius), timeAt(x + radius))
  series.forEach((s, si) => {
    if (!shown[si]) return
    for (let i = lowerBound(s.t, lo); i < s.t.length && s.t[i] <= hi; i++) {
      const [px, py] = project(s.t[i], s.value[i])
      const dist = Math.hypot(px - x, py - y)
      if (dist <= radius && (!best || dist < best.dist)) best = { series: si, i, dist }
    }
  })
  return best
}

function lowerBound(a: number[], v: number): number {
  let lo = 0, hi = a.length
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < v) lo = mid + 1; else hi = mid }
  return lo
}
