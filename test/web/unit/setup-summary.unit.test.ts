import { describe, expect, it } from 'vitest'
import { groupBy, groupingParts, summarise } from '../../../web/src/components/setup-summary.ts'
import type { SeriesColumns } from '../../../web/src/api.ts'

const DAY = 86_400_000, B = 21 * 3_600_000
const series = (setup: string, values: number[]): SeriesColumns => {
  const t = values.map((_, i) => Date.UTC(2024, 0, 1, 10) + i * DAY)
  const none = t.map(() => null)
  return { setup, count: t.length, reduced: false, bucketMs: null, t, value: values, product: t.map((x) => `${setup}.${x}.fits`), score: t.map(() => 'green'), cause: t.map(() => 'ok'), warnLo: none, warnHi: none, critLo: none, critHi: none, reference: none }
}

describe('many setups as a summary (pure)', () => {
  it('gives per night the median, lowest and highest across setups, and the setups farthest from the median', () => {
    const all = Array.from({ length: 20 }, (_, k) => series(`IFU ${String(k + 1).padStart(2, '0')}, q1`, [10 + k * 0.01, 10 + k * 0.01, k === 16 ? 14 : 10 + k * 0.01]))
    const [median, low, high, ...worst] = summarise(all, B, 2)
    expect(median.setup).toBe('median of 20 setups')
    expect(median.t).toEqual([0, 1, 2].map((i) => Math.floor((Date.UTC(2024, 0, 1, 10) + i * DAY - B) / DAY) * DAY + B + DAY / 2))
    expect(median.value[0]).toBeCloseTo(10.1, 6)
    expect(low.value).toEqual([10, 10, 10])
    expect(high.value).toEqual([10.19, 10.19, 14])
    // IFU 17 jumped on the last night: it is the one drawn on its own, first.
    expect(worst[0].setup).toBe('IFU 17, q1')
    expect(worst).toHaveLength(2)
    expect(median.product.every((p) => p === '')).toBe(true)
  })

  it('finds the parts of setup labels that group them', () => {
    const setups = ['01', '02', '03'].flatMap((ifu) => [1, 2, 3, 4].map((q) => `IFU ${ifu}, SCI1.0, 1x1, quadrant ${q}`))
    expect(groupingParts(setups)).toEqual([{ index: 0, example: 'IFU', groups: 3 }, { index: 3, example: 'quadrant', groups: 4 }])
    expect([...groupBy(setups, 3).keys()]).toEqual(['quadrant 1', 'quadrant 2', 'quadrant 3', 'quadrant 4'])
    expect(groupBy(setups, 0).get('IFU 02')).toHaveLength(4)
  })
})
