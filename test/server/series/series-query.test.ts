import { beforeAll, describe, expect, it } from 'vitest'
import type { ValueRow } from '../../../server/ingest/measurement.ts'
import type { StoreClient } from '../../../server/store/client.ts'
import { readSeries } from '../../../server/store/series-read.ts'
import { ValuesWriter } from '../../../server/store/values-writer.ts'
import { openTestStore } from '../../helpers/test-store.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2015, 0, 1, 10)

describe('readSeries', () => {
  let store: StoreClient
  beforeAll(async () => {
    store = await openTestStore()
    const rows: ValueRow[] = []
    for (let d = 0; d < 3650; d++) {
      for (const setup of ['A', 'B']) {
        // A smooth signal with one spike and one dip that a reduction must keep.
        let value = 10 + Math.sin(d / 50)
        if (setup === 'A' && d === 1234) value = 99
        if (setup === 'A' && d === 2345) value = -50
        rows.push({ instrument: 'FORS2', report: 'BIAS', param: 'ron', setup, tsMs: T0 + d * DAY, value, product: `p${d}${setup}.fits`, status: 2 })
      }
    }
    // A short third setup: 50 values, fewer than any maxPoints below.
    for (let d = 0; d < 50; d++) rows.push({ instrument: 'FORS2', report: 'BIAS', param: 'ron', setup: 'C', tsMs: T0 + d * DAY, value: 5 + d / 7, product: `p${d}C.fits`, status: 2 })
    await new ValuesWriter(store).write(rows)
  })

  it('returns every point, time-ordered, per setup, when under maxPoints', async () => {
    const s = await readSeries(store, { instrument: 'FORS2', param: 'ron', setups: ['B'], maxPoints: 5000 })
    expect(s).toHaveLength(1)
    expect(s[0]).toMatchObject({ setup: 'B', count: 3650, reduced: false })
    expect(s[0].points).toHaveLength(3650)
    expect(s[0].points[0]).toEqual({ t: T0, value: 10, product: 'p0B.fits' })
    expect(s[0].points.every((p, i, a) => i === 0 || a[i - 1].t < p.t)).toBe(true)
  })

  it('reduces long series to bucket min/max, keeping outliers, within maxPoints', async () => {
    const [a, b] = await readSeries(store, { instrument: 'FORS2', param: 'ron', setups: [], maxPoints: 200 })
    expect(a).toMatchObject({ setup: 'A', count: 3650, reduced: true })
    expect(b.setup).toBe('B')
    expect(a.points.length).toBeLessThanOrEqual(200)
    expect(a.points.length).toBeGreaterThan(150)
    expect(a.points).toContainEqual({ t: T0 + 1234 * DAY, value: 99, product: 'p1234A.fits' })
    expect(a.points).toContainEqual({ t: T0 + 2345 * DAY, value: -50, product: 'p2345A.fits' })
    expect(a.points.every((p, i, arr) => i === 0 || arr[i - 1].t <= p.t)).toBe(true)
  })

  it('reduces a range too long for the process in the engine, to the same points, keeping a short setup whole', async () => {
    const here = await readSeries(store, { instrument: 'FORS2', param: 'ron', setups: [], maxPoints: 200 })
    const engine = await readSeries(store, { instrument: 'FORS2', param: 'ron', setups: [], maxPoints: 200, inProcessMax: 1000 })
    expect(engine.map((s) => [s.setup, s.count, s.reduced, s.bucketMs])).toEqual([['A', 3650, true, here[0].bucketMs], ['B', 3650, true, here[1].bucketMs], ['C', 50, false, undefined]])
    expect(engine).toEqual(here)
    expect(engine[2].points).toHaveLength(50)
  })

  it('limits to a time range', async () => {
    const [a] = await readSeries(store, { instrument: 'FORS2', param: 'ron', setups: ['A'], fromMs: T0 + 10 * DAY, toMs: T0 + 19 * DAY, maxPoints: 2000 })
    expect(a.points.map((p) => p.t)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + (10 + i) * DAY))
  })

  it('returns no series for an unknown parameter', async () => {
    expect(await readSeries(store, { instrument: 'FORS2', param: 'nope', setups: [], maxPoints: 10 })).toEqual([])
  })
})
