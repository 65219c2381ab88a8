import { DEFAULT_DRIFT, driftVerdict, type Limits } from '../server/drift/drift-verdict.ts'
import { scanDrift } from '../server/drift/drift-scan.ts'
import { readParamsIn } from '../server/store/scoring-store.ts'
import type { Services } from '../server/services.ts'
import { synthetic } from '../test/helpers/synthetic-series.ts'
import { fmt, median, quantile } from './stats.ts'

const DAY = 86_400_000
/** σ = 0.1 around 3: warning at ±3 σ, critical at ±5 σ, as a statistical rule would set them. */
const LIMITS: Limits = { warning: [2.7, 3.3], critical: [2.5, 3.5] }
const SERIES = 200

/**
 * The drift detector's quality on generated series with known truth (issue 20), and the time it
 * takes on the seeded history: false alarms per series-year on in-control series (looked at every
 * day, as each night's scoring pass does), the delay to flag a 1 σ step, and the lead time of a
 * forecast for a slope that reaches the critical limit 30 days after it starts.
 */
export async function benchDrift(s: Services, label: string): Promise<string[]> {
  const out: string[] = []
  if (label === '1') {
    // In control: two years daily; every day of the second year evaluated; an alarm episode starts when a look flags and the previous did not.
    let drift = 0, shift = 0
    for (let k = 0; k < SERIES; k++) {
      const { t, y } = synthetic({ days: 730, level: 3, sigma: 0.1, seed: 1000 + k })
      let prev = ''
      for (let d = 365; d < 730; d++) {
        const f = driftVerdict(t.slice(0, d + 1), y.slice(0, d + 1), LIMITS, t[d])?.cause ?? ''
        if (f && f !== prev) { if (f === 'drift') drift++; else shift++ }
        prev = f
      }
    }
    out.push(`drift detector, in control (${SERIES} series × 1 year, looked at daily): ${fmt(drift / SERIES, 2)} drift and ${fmt(shift / SERIES, 2)} shift warnings per series-year (target: drift ≤ 1)`)
    const delays = (spec: (seed: number) => Parameters<typeof synthetic>[0], want: 'shift' | 'any', horizon: number) => {
      const got: number[] = []
      let missed = 0
      for (let k = 0; k < SERIES; k++) {
        const { t, y } = synthetic(spec(2000 + k))
        let found = -1
        for (let d = 365; d < 365 + horizon && found < 0; d++) {
          const f = driftVerdict(t.slice(0, d + 1), y.slice(0, d + 1), LIMITS, t[d])
          if (f && (want === 'any' || f.cause === want)) found = d - 365
        }
        if (found < 0) missed++
        else got.push(found)
      }
      return { got, missed }
    }
    const step = delays((seed) => ({ days: 365 + 60, level: 3, sigma: 0.1, step: { day: 365, size: 0.1 }, seed }), 'any', 60)
    out.push(`drift detector, 1 σ step: flagged after ${fmt(median(step.got))} days median, ${fmt(quantile(step.got, 0.9))} days p90; ${fmt(step.missed)} of ${SERIES} not within 60 days (target: median ≤ 20 days)`)
    // A ramp from the level that reaches the critical limit (+5 σ) 30 days after it starts.
    const lead: number[] = []
    let late = 0
    for (let k = 0; k < SERIES; k++) {
      const { t, y } = synthetic({ days: 365 + 30, level: 3, sigma: 0.1, seed: 3000 + k })
      for (let d = 365; d < y.length; d++) y[d] += (0.5 / 30) * (d - 365 + 1)
      let found = -1
      for (let d = 365; d < y.length && found < 0; d++) if (driftVerdict(t.slice(0, d + 1), y.slice(0, d + 1), LIMITS, t[d])?.cause === 'drift') found = d - 365
      if (found < 0) late++
      else lead.push(30 - found)
    }
    out.push(`drift detector, slope reaching critical in 30 days: forecast ${fmt(median(lead))} days before the crossing median, ${fmt(quantile(lead, 0.1))} days p10; ${fmt(late)} of ${SERIES} never forecast (target: median ≥ 10 days ahead)`)
    // Pure evaluation cost: 2,400 series (the 10× history's count) of a 90-day window.
    const many = Array.from({ length: 2400 }, (_, k) => synthetic({ days: 90, level: 3, sigma: 0.1, seed: 5000 + k }))
    const t0 = performance.now()
    for (const m of many) driftVerdict(m.t, m.y, LIMITS, m.t.at(-1)!, DEFAULT_DRIFT)
    out.push(`drift detector, 2,400 series × 90 values evaluated in ${fmt(performance.now() - t0)} ms (pure, one thread)`)
  }
  // On the seeded history: the scan every scoring pass ends with, over every series of every instrument.
  const now = s.clock()
  const t1 = performance.now()
  let series = 0, found = 0
  for (const c of s.catalogues()) {
    const params = await readParamsIn(s.store, c.instrument, now - 90 * DAY, now + DAY)
    series += params.length
    found += await scanDrift(s.store, c, c.instrument, params, now, now)
  }
  out.push(`drift scan of the ${label}× history (every parameter of every instrument, ${fmt(series)} parameters, read from the store, judged, written): ${fmt(performance.now() - t1)} ms; ${fmt(found)} series with a finding`)
  return out
}
