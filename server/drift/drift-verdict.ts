import { madSigma, median, theilSen, type TheilSenFit } from './theil-sen.ts'

const DAY = 86_400_000

/** How drift and shifts are looked for (a catalogue's `drift:`; these are the defaults). */
export interface DriftOptions {
  /** Trailing window of the trend, days. */
  windowDays: number
  /** Fewer values in the window: no verdict. */
  minValues: number
  /** A crossing further ahead than this is not reported, days. */
  horizonDays: number
  /** Confidence of the slope's interval: a trend counts when the interval excludes zero. */
  confidence: 0.9 | 0.95 | 0.99
  /**
   * CUSUM on robust residuals: allowance k and decision threshold h, in σ, over the newest `recent`
   * values; the window's values before them set the level. A shift counts only when it uses at
   * least `band` of the room between that level and the limit it moves towards (warning, else
   * critical): seasonal wiggles of a quiet detector are many σ of its noise but nothing to its limits.
   */
  cusum: { k: number; h: number; recent: number; band: number }
}
export const DEFAULT_DRIFT: DriftOptions = { windowDays: 90, minValues: 20, horizonDays: 30, confidence: 0.99, cusum: { k: 0.5, h: 8, recent: 30, band: 0.25 } }

export interface Limits { warning: [number | null, number | null]; critical: [number | null, number | null] }

/** A significant trend whose extrapolation reaches a limit within the horizon. */
export interface DriftForecast {
  cause: 'drift'
  limit: 'warning' | 'critical'
  side: 'high' | 'low'
  limitValue: number
  /** When the fitted line reaches the limit, and the range the slope's interval gives (ms). */
  atMs: number; earliestMs: number; latestMs: number
  /** Units per day, with its interval. */
  slopePerDay: number; slopeLo: number; slopeHi: number
  /** The fitted line: its value at `t0Ms` (the newest value's time). */
  t0Ms: number; y0: number
  n: number
}

/** A persistent shift inside the limits, found by CUSUM: its direction and size in σ of the reference. */
export interface ShiftFinding { cause: 'shift'; side: 'high' | 'low'; sizeSigma: number; sinceMs: number; n: number }

export type DriftFinding = DriftForecast | ShiftFinding

/**
 * Looks at one series (times ms ascending, values; already cut at the last baseline reset and
 * without values marked false) and says whether it drifts towards a limit or has shifted: a
 * forecast first (it says when), else a shift. A forecast never judges a value: it is advice
 * (yellow), and only a limit crossed by a value makes red.
 *
 * @example
 * driftVerdict(ts, values, { warning: [null, 5], critical: [null, 5.8] }, Date.now())
 * // { cause: 'drift', limit: 'critical', limitValue: 5.8, atMs: …, earliestMs: …, latestMs: … }
 */
export function driftVerdict(t: number[], y: number[], limits: Limits, nowMs: number, o: DriftOptions = DEFAULT_DRIFT): DriftFinding | null {
  const from = nowMs - o.windowDays * DAY
  let k = 0
  while (k < t.length && t[k] < from) k++
  if (t.length - k < o.minValues) return null
  // Theil–Sen is O(n²): a dense series (ten products a night) is judged on time bins' medians, so
  // every series costs at most MAX_POINTS² / 2 slopes (~2 ms) whatever its cadence.
  const [ts, ys] = binned(t.slice(k), y.slice(k), MAX_POINTS)
  const f = forecast(ts, ys, limits, nowMs, o)
  if (f) return f
  const sh = shift(ts, ys, limits, o)
  // A change that began inside the window (a ramp starting): the whole window's slope is diluted by
  // the flat part before it, so the trend is fitted again from where CUSUM says the change began.
  if (sh && sh.n >= MIN_SEGMENT) {
    const k0 = ts.indexOf(sh.sinceMs)
    const g = forecast(ts.slice(k0), ys.slice(k0), limits, nowMs, o)
    if (g) return g
  }
  return sh
}

/** At most this many points enter a verdict: more are binned in time (median time, median value per bin). */
export const MAX_POINTS = 180

/** Times and values reduced to at most `max` equal-width time bins' medians (unchanged when already short enough). */
export function binned(t: number[], y: number[], max: number): [number[], number[]] {
  if (t.length <= max) return [t, y]
  const lo = t[0], width = (t[t.length - 1] - lo) / max || 1
  const bt: number[] = [], by: number[] = []
  for (let i = 0; i < t.length;) {
    const b = Math.min(max - 1, Math.floor((t[i] - lo) / width))
    let j = i
    while (j < t.length && Math.min(max - 1, Math.floor((t[j] - lo) / width)) === b) j++
    bt.push(median(t.slice(i, j), true)); by.push(median(y.slice(i, j)))
    i = j
  }
  return [bt, by]
}

/** Fewest values since a change point that a trend is fitted on. */
const MIN_SEGMENT = 8

function forecast(ts: number[], ys: number[], limits: Limits, nowMs: number, o: DriftOptions): DriftForecast | null {
  const t0 = ts[ts.length - 1]
  const fit = theilSen(ts.map((t) => (t - t0) / DAY), ys, o.confidence)
  if (!fit || !(fit.lo > 0 || fit.hi < 0)) return null
  const side = fit.slope > 0 ? 'high' : 'low'
  const i = side === 'high' ? 1 : 0
  for (const limit of ['critical', 'warning'] as const) {
    const L = limits[limit][i]
    if (L === null || !Number.isFinite(L)) continue
    const gap = L - fit.intercept
    // Already beyond: the values' own scores say so; a forecast is about what is still inside.
    if (side === 'high' ? gap <= 0 : gap >= 0) return null
    const at = t0 + (gap / fit.slope) * DAY
    if (at - nowMs > o.horizonDays * DAY) continue
    return { cause: 'drift', limit, side, limitValue: L, atMs: Math.round(at), ...range(fit, gap, t0), slopePerDay: fit.slope, slopeLo: fit.lo, slopeHi: fit.hi, t0Ms: t0, y0: fit.intercept, n: fit.n }
  }
  return null
}

/** The crossing times the slope's interval gives: the steeper bound arrives first. */
function range(fit: TheilSenFit, gap: number, t0: number): { earliestMs: number; latestMs: number } {
  const steep = Math.abs(fit.lo) > Math.abs(fit.hi) ? fit.lo : fit.hi
  const flat = steep === fit.lo ? fit.hi : fit.lo
  return { earliestMs: Math.round(t0 + (gap / steep) * DAY), latestMs: Math.round(t0 + (gap / flat) * DAY) }
}

function shift(ts: number[], ys: number[], limits: Limits, o: DriftOptions): ShiftFinding | null {
  const ref = ys.slice(0, Math.max(0, ys.length - o.cusum.recent))
  if (ref.length < o.minValues) return null
  const m = median(ref), sigma = madSigma(ref)
  if (!(sigma > 0)) return null
  let hi = 0, lo = 0, hiStart = -1, loStart = -1
  for (let i = ref.length; i < ys.length; i++) {
    const z = (ys[i] - m) / sigma
    const nextHi = Math.max(0, hi + z - o.cusum.k), nextLo = Math.max(0, lo - z - o.cusum.k)
    if (hi === 0 && nextHi > 0) hiStart = i
    if (lo === 0 && nextLo > 0) loStart = i
    hi = nextHi; lo = nextLo
  }
  // Alarm only while the sum is above h at the newest value: a shift that went away is not news.
  const side = hi > o.cusum.h ? 'high' : lo > o.cusum.h ? 'low' : null
  if (!side) return null
  const start = side === 'high' ? hiStart : loStart
  const since = ys.slice(start)
  const size = median(since) - m
  const i = side === 'high' ? 1 : 0
  const limit = [limits.warning[i], limits.critical[i]].find((l): l is number => l !== null && Number.isFinite(l))
  if (limit === undefined || Math.abs(size) < o.cusum.band * Math.abs(limit - m)) return null
  return { cause: 'shift', side, sizeSigma: Math.round((size / sigma) * 100) / 100, sinceMs: ts[start], n: since.length }
}

/** The sentence next to a drifting or shifted series. */
export function driftText(f: DriftFinding, unit = ''): string {
  const u = unit ? ` ${unit}` : ''
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  if (f.cause === 'shift') return `shifted ${f.side === 'high' ? 'up' : 'down'} by ${Math.abs(f.sizeSigma)} σ since ${day(f.sinceMs)} (CUSUM, ${f.n} values)`
  const days = (ms: number) => Math.max(0, Math.round((ms - f.t0Ms) / DAY))
  return `reaches ${f.limit} ${Number(f.limitValue.toPrecision(6))}${u} around ${day(f.atMs)}, ${days(f.earliestMs)}–${days(f.latestMs)} days (trend ${Number(f.slopePerDay.toPrecision(3))}${u}/day over ${f.n} values)`
}
