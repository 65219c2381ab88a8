import { describe, expect, it } from 'vitest'
import { theilSen } from '../../../server/drift/theil-sen.ts'
import { driftText, driftVerdict, type DriftForecast, type ShiftFinding } from '../../../server/drift/drift-verdict.ts'
import { synthetic } from '../../helpers/synthetic-series.ts'

const DAY = 86_400_000
const LIMITS = { warning: [1, 5.5] as [number, number], critical: [0.5, 5.8] as [number, number] }

describe('Theil–Sen', () => {
  it('recovers an exact line, and one outlier in ten barely moves it', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    const fit = theilSen(x, x.map((v) => 2 + 0.5 * v))!
    expect([fit.slope, fit.intercept, fit.lo, fit.hi]).toEqual([0.5, 2, 0.5, 0.5])
    const bad = theilSen(x, x.map((v) => (v === 7 ? 100 : 2 + 0.5 * v)))!
    expect(bad.slope).toBe(0.5)
  })

  it('its 95 % interval holds the true slope in about 95 % of noisy series', () => {
    let covered = 0
    for (let seed = 1; seed <= 200; seed++) {
      const { t, y } = synthetic({ days: 60, level: 3, sigma: 0.2, slopePerDay: 0.01, seed })
      const fit = theilSen(t.map((v) => (v - t[0]) / DAY), y, 0.95)!
      if (fit.lo <= 0.01 && 0.01 <= fit.hi) covered++
      expect(fit.lo).toBeLessThanOrEqual(fit.slope)
      expect(fit.hi).toBeGreaterThanOrEqual(fit.slope)
    }
    expect(covered).toBeGreaterThanOrEqual(180)
    expect(covered).toBeLessThanOrEqual(199)
  })
})

describe('drift forecast', () => {
  it('forecasts the crossing of a slope towards the critical limit, the truth inside its range', () => {
    // 90 days from 4.6 ADU rising 0.01 ADU/day: at the newest value 5.49; critical 5.8 is 31 days on.
    const { t, y } = synthetic({ days: 90, level: 4.6, sigma: 0.03, slopePerDay: 0.01, seed: 7 })
    const now = t.at(-1)! + 3_600_000
    const f = driftVerdict(t, y, { warning: [1, 6], critical: [0.5, 5.8] }, now, { windowDays: 90, minValues: 20, horizonDays: 40, confidence: 0.99, cusum: { k: 0.5, h: 8, recent: 30, band: 0.25 } }) as DriftForecast
    expect(f).toMatchObject({ cause: 'drift', limit: 'critical', side: 'high', limitValue: 5.8 })
    const truth = t.at(-1)! + ((5.8 - (4.6 + 0.01 * 89)) / 0.01) * DAY
    expect(Math.abs(f.atMs - truth) / DAY).toBeLessThan(4)
    expect(f.earliestMs).toBeLessThanOrEqual(truth)
    expect(f.latestMs).toBeGreaterThanOrEqual(truth)
    expect(f.slopePerDay).toBeCloseTo(0.01, 3)
    expect(driftText(f, 'ADU')).toMatch(/^reaches critical 5\.8 ADU around 2026-0[45]-\d\d, \d+–\d+ days \(trend 0\.0\d+ ADU\/day over 90 values\)$/)
  })

  it('reports the warning limit when the critical one is beyond the horizon, and nothing beyond both', () => {
    const { t, y } = synthetic({ days: 90, level: 4.6, sigma: 0.03, slopePerDay: 0.01, seed: 8 })
    const now = t.at(-1)!
    expect(driftVerdict(t, y, LIMITS, now)).toMatchObject({ cause: 'drift', limit: 'warning', limitValue: 5.5 })
    // Far from both: no forecast (the level has moved, so CUSUM may still call it a shift).
    expect(driftVerdict(t, y, { warning: [null, 9], critical: [null, 10] }, now)?.cause).not.toBe('drift')
  })

  it('forecasts nothing for a flat series or a level already beyond the limit, and says nothing on too few values', () => {
    const flat = synthetic({ days: 90, level: 3, sigma: 0.2, seed: 3 })
    expect(driftVerdict(flat.t, flat.y, LIMITS, flat.t.at(-1)!)?.cause).not.toBe('drift')
    const few = synthetic({ days: 15, level: 4, sigma: 0.01, slopePerDay: 0.1, seed: 4 })
    expect(driftVerdict(few.t, few.y, LIMITS, few.t.at(-1)!)).toBeNull()
    // Beyond the warning limit already: its values are yellow by their own score, not by a forecast.
    const beyond = synthetic({ days: 90, level: 5.6, sigma: 0.01, slopePerDay: 0.001, seed: 5 })
    expect(driftVerdict(beyond.t, beyond.y, LIMITS, beyond.t.at(-1)!)?.cause).not.toBe('drift')
  })

  it('sees a downward drift towards the low limit', () => {
    const { t, y } = synthetic({ days: 90, level: 2.2, sigma: 0.02, slopePerDay: -0.012, seed: 9 })
    expect(driftVerdict(t, y, LIMITS, t.at(-1)!)).toMatchObject({ cause: 'drift', side: 'low', limit: 'warning', limitValue: 1 })
  })
})

describe('shift (CUSUM on robust residuals)', () => {
  // Limits 3 σ from the level, as a statistical rule would set them.
  const NEAR = { warning: [2.7, 3.3] as [number, number], critical: [2.5, 3.5] as [number, number] }
  it('finds a persistent 1 σ step inside the limits, with its size and start', () => {
    const { t, y } = synthetic({ days: 80, level: 3, sigma: 0.1, step: { day: 50, size: 0.1 }, seed: 11 })
    const f = driftVerdict(t, y, NEAR, t.at(-1)!) as ShiftFinding
    expect(f).toMatchObject({ cause: 'shift', side: 'high' })
    expect(f.sizeSigma).toBeGreaterThan(0.5)
    expect(f.sizeSigma).toBeLessThan(1.6)
    expect(Math.abs(f.sinceMs - t[50]) / DAY).toBeLessThan(8)
    expect(driftText(f)).toMatch(/^shifted up by [\d.]+ σ since 2026-0\d-\d\d \(CUSUM, \d+ values\)$/)
    // The same step is nothing to limits 25 σ away.
    expect(driftVerdict(t, y, LIMITS, t.at(-1)!)).toBeNull()
  })

  it('stays quiet on in-control series', () => {
    let alarms = 0
    for (let seed = 100; seed < 300; seed++) {
      const { t, y } = synthetic({ days: 90, level: 3, sigma: 0.1, seed })
      if (driftVerdict(t, y, NEAR, t.at(-1)!)) alarms++
    }
    expect(alarms).toBeLessThanOrEqual(10) // 200 series, one look each
  })
})

describe('dense series', () => {
  it('ten values a day are judged on at most 180 time bins, with the same forecast', () => {
    // 90 days × 10 values a day rising 0.01 ADU/day: binned to at most 180 points before Theil–Sen.
    const t: number[] = [], y: number[] = []
    for (let k = 0; k < 900; k++) { t.push(Date.UTC(2026, 0, 1) + k * 8_640_000); y.push(4.6 + 0.001 * k + ((k * 7919) % 13 - 6) * 0.002) }
    const f = driftVerdict(t, y, { warning: [1, 6], critical: [0.5, 5.8] }, t.at(-1)!, { windowDays: 90, minValues: 20, horizonDays: 40, confidence: 0.99, cusum: { k: 0.5, h: 8, recent: 30, band: 0.25 } }) as DriftForecast
    expect(f).toMatchObject({ cause: 'drift', limit: 'critical', limitValue: 5.8 })
    expect(f.slopePerDay).toBeCloseTo(0.01, 3)
    expect(f.n).toBeLessThanOrEqual(180) // what bounds the cost: unbinned, ~400,000 slopes to sort (npm run bench times it)
  })
})
