import type { SeriesColumns } from '../api.ts'

/** Above this many setups a plot shows a summary by default (8 colours cannot tell 96 setups apart). */
export const MANY_SETUPS = 12

const DAY = 86_400_000

/** One synthetic series (median, lowest, highest across setups): drawn like a setup, never selectable. */
function synthetic(setup: string, t: number[], value: number[]): SeriesColumns {
  const none = t.map(() => null)
  return { setup, count: t.length, reduced: false, bucketMs: null, t, value, product: t.map(() => ''), score: t.map(() => 'grey'), cause: t.map(() => 'summary'),
    warnLo: none, warnHi: none, critLo: none, critHi: none, reference: none }
}

/**
 * Many setups as a summary: per observatory night, the median, lowest and highest value across
 * setups, plus the `outliers` setups whose newest values lie farthest from the night's median
 * (in units of that night's spread) drawn as themselves — so one bad IFU stands out. Pure.
 *
 * @example
 * summarise(museBias.series, 21 * 3_600_000, 3) // [median, lowest, highest, IFU 17 …, …]
 */
export function summarise(series: SeriesColumns[], boundaryMs: number, outliers = 3): SeriesColumns[] {
  const nights = new Map<number, number[]>()
  for (const s of series) s.t.forEach((t, i) => {
    const n = Math.floor((t - boundaryMs) / DAY)
    const list = nights.get(n)
    if (list) list.push(s.value[i])
    else nights.set(n, [s.value[i]])
  })
  const keys = [...nights.keys()].sort((a, b) => a - b)
  const stats = new Map<number, { med: number; lo: number; hi: number; spread: number }>()
  for (const k of keys) {
    const v = nights.get(k)!.sort((a, b) => a - b)
    const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * (v.length - 1) + 0.5))]
    stats.set(k, { med: q(0.5), lo: v[0], hi: v[v.length - 1], spread: Math.max(q(0.84) - q(0.16), Number.EPSILON) })
  }
  // Night midpoints (ms): the summary sits in the middle of each night.
  const t = keys.map((k) => k * DAY + boundaryMs + DAY / 2)
  const pick = (f: (s: { med: number; lo: number; hi: number }) => number) => keys.map((k) => f(stats.get(k)!))
  const deviation = (s: SeriesColumns) => {
    const i = s.t.length - 1
    if (i < 0) return -1
    const st = stats.get(Math.floor((s.t[i] - boundaryMs) / DAY))!
    return Math.abs(s.value[i] - st.med) / st.spread
  }
  const worst = [...series].sort((a, b) => deviation(b) - deviation(a)).slice(0, outliers)
  return [synthetic(`median of ${series.length} setups`, t, pick((s) => s.med)), synthetic('lowest setup', t, pick((s) => s.lo)), synthetic('highest setup', t, pick((s) => s.hi)), ...worst]
}

/**
 * The parts of setup labels that can group them ("IFU 01, SCI1.0, 1x1, quadrant 1" → part 0 is
 * "IFU 01"): the parts that vary, by position, with how many groups each makes.
 */
export function groupingParts(setups: string[]): { index: number; example: string; groups: number }[] {
  const split = setups.map((s) => s.split(', '))
  const width = Math.min(...split.map((p) => p.length))
  const out: { index: number; example: string; groups: number }[] = []
  for (let i = 0; i < width; i++) {
    const values = new Set(split.map((p) => p[i]))
    if (values.size > 1 && values.size < setups.length) out.push({ index: i, example: split[0][i].replace(/\s*\S+$/, '') || split[0][i], groups: values.size })
  }
  return out
}

/** Setups grouped by one part of their label, in label order. */
export function groupBy(setups: string[], index: number): Map<string, string[]> {
  const m = new Map<string, string[]>()
  for (const s of [...setups].sort()) {
    const key = s.split(', ')[index] ?? s
    m.set(key, [...(m.get(key) ?? []), s])
  }
  return m
}
