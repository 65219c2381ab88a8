import { describe, expect, it } from 'vitest'
import { buildPlotData, nearestPoint, PER_SETUP } from '../../../web/src/components/plot-data.ts'
import type { SeriesColumns } from '../../../web/src/api.ts'

const col = (setup: string, t: number[], value: number[], o: Partial<SeriesColumns> = {}): SeriesColumns => {
  const n = t.map(() => null)
  return { setup, count: t.length, reduced: false, bucketMs: null, t, value, product: t.map((x) => `${setup}${x}`), score: t.map(() => 'green'), cause: t.map(() => 'ok'),
    warnLo: n, warnHi: n, critLo: n, critHi: n, reference: n, ...o }
}

describe('plot data (pure)', () => {
  it('aligns setups on one time axis, each with its own bands, and overlays red, yellow, marked-false and newest', () => {
    const a = col('A', [1000, 3000], [1, 2], { warnLo: [0.5, 0.5], score: ['green', 'red'] })
    const b = col('B', [2000], [5], { warnLo: [4], cause: ['excluded'] })
    const pd = buildPlotData([a, b])
    expect(pd.data[0]).toEqual([1, 2, 3])
    expect(pd.data[pd.seriesOf(0)]).toEqual([1, null, 2])
    expect(pd.data[pd.seriesOf(1)]).toEqual([null, null, null]) // marked false: not an ordinary point
    expect(pd.data[pd.seriesOf(1) + 1]).toEqual([null, 4, null]) // B's own warning-low band
    expect(pd.data[pd.seriesOf(0) + 1]).toEqual([0.5, null, 0.5])
    expect(pd.overlays).toBe(1 + 2 * PER_SETUP)
    const [red, yellow, flagged, newest] = pd.data.slice(pd.overlays)
    expect(red).toEqual([null, null, 2])
    expect(yellow).toEqual([null, null, null])
    expect(flagged).toEqual([null, 5, null])
    expect(newest).toEqual([null, null, 2])
  })

  it('picks the point nearest in both axes over every shown setup, never just the nearest time', () => {
    // Two setups at the same times, far apart in value: the pointer near B's value picks B.
    const a = col('A', [0, 10, 20], [0, 0, 0]), b = col('B', [0, 10, 20], [100, 100, 100])
    const project = (t: number, v: number): [number, number] => [t * 10, 200 - v * 2] // px
    const timeAt = (px: number) => px / 10
    expect(nearestPoint([a, b], [true, true], 101, 5, project, 24, timeAt)).toMatchObject({ series: 1, i: 1 })
    expect(nearestPoint([a, b], [true, true], 99, 195, project, 24, timeAt)).toMatchObject({ series: 0, i: 1 })
    // A hidden setup is never picked; nothing within the radius gives null.
    expect(nearestPoint([a, b], [true, false], 101, 5, project, 24, timeAt)).toBeNull()
    expect(nearestPoint([a, b], [true, true], 50, 100, project, 24, timeAt)).toBeNull()
  })
})
