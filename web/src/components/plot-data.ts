import type uPlot from 'uplot'
import type { SeriesColumns } from '../api.ts'

/** Okabe–Ito palette: distinguishable with colour-vision deficiencies. */
export const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442']

export interface PlotData {
  data: uPlot.AlignedData
  /** The points under x index `idx`: which setup series and which point of it. */
  at(idx: number): { series: number; i: number }[]
}

/**
 * Aligns the columnar series on one time axis (seconds) for uPlot, adding the
 * threshold bands and reference of the first setup, and overlay series for
 * red values, yellow values and the newest point.
 */
export function buildPlotData(series: SeriesColumns[]): PlotData {
  const times = [...new Set(series.flatMap((s) => s.t))].sort((a, b) => a - b)
  const index = new Map(times.map((t, i) => [t, i]))
  const col = () => new Array<number | null>(times.length).fill(null)
  const hits: { series: number; i: number }[][] = times.map(() => [])
  const values = series.map((s, si) => {
    const c = col()
    s.t.forEach((t, i) => { const k = index.get(t)!; c[k] = s.value[i]; hits[k].push({ series: si, i }) })
    return c
  })
  const [wlo, whi, clo, chi, ref, red, yellow, newest] = Array.from({ length: 8 }, col)
  const first = series[0]
  first?.t.forEach((t, i) => {
    const k = index.get(t)!
    wlo[k] = first.warnLo[i]; whi[k] = first.warnHi[i]; clo[k] = first.critLo[i]; chi[k] = first.critHi[i]; ref[k] = first.reference[i]
  })
  let newestT = -Infinity, newestV: number | null = null
  for (const s of series) s.t.forEach((t, i) => {
    const k = index.get(t)!
    if (s.score[i] === 'red') red[k] = s.value[i]
    else if (s.score[i] === 'yellow') yellow[k] = s.value[i]
    if (t > newestT) { newestT = t; newestV = s.value[i] }
  })
  if (newestV !== null) newest[index.get(newestT)!] = newestV
  return {
    data: [times.map((t) => t / 1000), ...values, wlo, whi, clo, chi, ref, red, yellow, newest] as uPlot.AlignedData,
    at: (idx) => hits[idx] ?? [],
  }
}
