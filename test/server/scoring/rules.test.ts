import { describe, expect, it } from 'vitest'
import { scoredSeries } from '../../helpers/scoring-fixture.ts'

const causes = (rows: { cause: string }[]) => rows.map((r) => r.cause)
const scoresOf = (rows: { score: number }[]) => rows.map((r) => r.score)

describe('tolerance rules, scored in ClickHouse', () => {
  it('fixed: warning and critical bands (ESO VAL limits)', async () => {
    const s = await scoredSeries([{ param: 'ron', type: 'fixed', warning: [1, 2], critical: [0.5, 3] }], { A: [1.5, 2.5, 3.5, 0.4, 0.8, 2, 3] })
    const rows = await s.scores('A')
    expect(causes(rows)).toEqual(['ok', 'warn_high', 'crit_high', 'crit_low', 'warn_low', 'ok', 'warn_high'])
    expect(scoresOf(rows)).toEqual([1, 2, 3, 3, 2, 1, 2])
    expect(rows[0]).toMatchObject({ warn_lo: 1, warn_hi: 2, crit_lo: 0.5, crit_hi: 3 })
  })

  it('relative: ±% around the trailing median of the last N values; too little history is grey', async () => {
    const s = await scoredSeries([{ param: 'ron', type: 'relative', reference: 'median', window: { values: 3 }, warning: 10, critical: 20 }],
      { A: [10, 10, 10, 10.5, 11.5, 13] })
    const rows = await s.scores('A')
    expect(causes(rows)).toEqual(['no_history', 'no_history', 'no_history', 'ok', 'warn_high', 'crit_high'])
    expect(rows[4]).toMatchObject({ reference: 10, warn_hi: 11, crit_hi: 12 })
    expect(rows[5].reference).toBe(10.5)
  })

  it('relative: trailing mean over the last N days', async () => {
    const s = await scoredSeries([{ param: 'ron', type: 'relative', reference: 'mean', window: { days: 3 }, warning: 5, critical: 50 }],
      { A: [100, 102, 98, 100, 120, 108] })
    const rows = await s.scores('A')
    expect(rows[3].reference).toBe(100)
    expect(causes(rows).slice(3)).toEqual(['ok', 'warn_high', 'ok'])
  })

  it('statistical: the robust variant is not blinded by an outlier in its own window', async () => {
    const values = [10, 10.2, 10, 10.2, 10, 50, 10.2, 10, 10.2, 10, 10.9]
    const robust = await scoredSeries([{ param: 'ron', type: 'statistical', robust: true, window: { values: 10 }, warning: 2, critical: 3 }], { A: values })
    const plain = await scoredSeries([{ param: 'ron', type: 'statistical', robust: false, window: { values: 10 }, warning: 2, critical: 3 }], { A: values })
    const r = await robust.scores('A'), p = await plain.scores('A')
    expect(r[5].cause).toBe('crit_high') // the outlier itself
    expect(r[10]).toMatchObject({ cause: 'crit_high', reference: 10.1 })
    expect(p[10].cause).toBe('ok') // mean and sigma swollen by the 50
    expect(p[10].reference).toBeCloseTo(14.08, 9)
  })

  it('trend rules mark a drift yellow before any limit is crossed', async () => {
    // An even spread 9.4 … 10.6 (median 10, sigma ~0.44): the drifts below stay inside the 4-sigma warning band.
    const base = Array.from({ length: 30 }, (_, i) => [10.6, 9.4, 10.3, 9.7, 10][i % 5])
    const s = await scoredSeries([{ param: 'ron', type: 'statistical', robust: true, window: { values: 60 }, warning: 4, critical: 6, trend: true }],
      { SIDE: [...base, ...Array(8).fill(10.8)], RUN: [...base, 9.5, 9.8, 10.1, 10.4, 10.7, 11.0] })
    const side = await s.scores('SIDE'), run = await s.scores('RUN')
    expect(side.at(-1)).toMatchObject({ cause: 'trend_8_side', score: 2 })
    expect(side.at(-2)).toMatchObject({ cause: 'ok', score: 1 }) // 7 on one side is not yet a trend
    expect(run.at(-1)).toMatchObject({ cause: 'trend_6_run', score: 2 })
    expect(run.at(-2)).toMatchObject({ cause: 'ok', score: 1 })
    expect(side.slice(10, 30).every((r) => r.score === 1)).toBe(true)
  })

  it('versions: each value is scored by the rule in force at its time', async () => {
    const s = await scoredSeries([
      { id: 'ron', param: 'ron', type: 'fixed', warning: [0, 1] },
      { id: 'ron', param: 'ron', type: 'fixed', warning: [0, 2], since: '2024-01-03' },
    ], { A: [1.5, 1.5, 1.5, 1.5] })
    const rows = await s.scores('A')
    expect(rows.map((r) => [r.cause, r.rule_version])).toEqual([['warn_high', 1], ['warn_high', 1], ['ok', 2], ['ok', 2]])
  })

  it('setups no rule covers are grey (unscored); earlier rules take precedence', async () => {
    const s = await scoredSeries([
      { param: 'ron', setup: 'BLUE*', type: 'fixed', warning: [0, 1] },
      { param: 'ron', setup: '*1x1', type: 'fixed', warning: [0, 5] },
    ], { 'BLUE 1x1': [2], 'RED 1x1': [2], 'RED 2x2': [2] })
    expect(causes(await s.scores('BLUE 1x1'))).toEqual(['warn_high'])
    expect(causes(await s.scores('RED 1x1'))).toEqual(['ok'])
    expect(await s.scores('RED 2x2')).toMatchObject([{ cause: 'no_rule', score: 0 }])
  })
})
