import type { MeasurementInput } from '../server/ingest/measurement.ts'
import { MODELS, type InstrumentModel, type ParamModel } from './models.ts'
import { rng } from './random.ts'

const DAY_MS = 86_400_000
const YEAR_DAYS = 365.25

export interface GenerateOptions {
  /** End of the history (Unix ms); the newest calibration is the last morning before it. */
  endMs: number
  /** Length of the history in days (default 10 years). */
  days?: number
  /** Repeat each night's calibrations this many times (denser history for benchmarks). */
  density?: number
  models?: InstrumentModel[]
}

/**
 * Generates the demo QC1 history, deterministically for a given end day,
 * night by night and in time order, as API measurement rows.
 *
 * @example
 * for (const batch of generateHistory({ endMs: Date.now() })) await ingest(batch)
 */
export function* generateHistory(opts: GenerateOptions, batchSize = 50_000): Generator<MeasurementInput[]> {
  const days = opts.days ?? Math.round(10 * YEAR_DAYS)
  const density = opts.density ?? 1
  const models = opts.models ?? MODELS
  // Calibrations are taken at about 10:05 UT; the last one is the last such morning before the end.
  const lastMorning = Math.floor((opts.endMs - 10 * 3_600_000) / DAY_MS) * DAY_MS
  let batch: MeasurementInput[] = []
  const noise = new Map<string, ReturnType<typeof rng>>()
  for (let d = days - 1; d >= 0; d--) {
    const dayMs = lastMorning - d * DAY_MS
    for (const inst of models) {
      if (inst.downtimes.some((t) => d <= t.daysAgo && d > t.daysAgo - t.days)) continue
      const gap = rng(`${inst.instrument}/gap/${dayMs}`)
      if (gap.uniform() < 0.03) continue // a missed calibration night
      for (const rep of inst.reports) {
        if ((lastMorning / DAY_MS - d) % rep.cadenceDays !== 0) continue
        for (let k = 0; k < density; k++) {
          for (let s = 0; s < rep.setups.length; s++) {
            if (rep.lastTaken && d < (rep.lastTaken[s] ?? -1)) continue
            const group = Math.floor(s / rep.setupsPerProduct)
            const tMs = dayMs + 10 * 3_600_000 + 5 * 60_000 + (group * 7 + k * 31) * 60_000 + (gap.uniform() * 60_000 | 0)
            const product = `${inst.instrument}.${new Date(tMs).toISOString().replace('Z', '')}_${rep.report.toLowerCase()}.fits`
            // One deviate per product and setup, shared by the parameters that declare `common`.
            const shared = rep.params.some((p) => p.common) ? rng(`${inst.instrument}/${rep.report}/common/${s}/${tMs}`).gauss() : 0
            for (const p of rep.params) {
              const key = `${inst.instrument}/${rep.report}/${p.name}/${s}`
              let r = noise.get(key)
              if (!r) noise.set(key, (r = rng(key)))
              batch.push({
                instrument: inst.instrument, report: rep.report, param: p.name, setup: rep.setups[s] + (p.port?.(s) ?? ''),
                ts: new Date(tMs).toISOString(), value: modelValue(p, s, d, tMs, r, shared), product,
              })
            }
          }
        }
        if (batch.length >= batchSize) { yield batch; batch = [] }
      }
    }
  }
  if (batch.length) yield batch
}

function modelValue(p: ParamModel, setup: number, daysAgo: number, tMs: number, r: ReturnType<typeof rng>, shared = 0): number {
  const base = p.base[setup % p.base.length]
  const years = -daysAgo / YEAR_DAYS
  let level = base * (1 + (p.drift ?? 0) * years)
  const ramping = p.ramp?.setups.includes(setup) ?? false
  if (!ramping) level *= 1 + (p.seasonal ?? 0) * Math.sin((2 * Math.PI * tMs) / (YEAR_DAYS * DAY_MS))
  for (const s of p.steps ?? []) if (daysAgo < s.daysAgo) level *= 1 + s.change
  if (p.ramp && ramping && daysAgo < p.ramp.daysAgo) level += base * p.ramp.change * (1 - daysAgo / p.ramp.daysAgo)
  const sigma = Math.abs(base) * p.noise
  let v = level + r.gauss() * sigma + shared * Math.abs(base) * (p.common ?? 0)
  if (p.outliers && r.uniform() < p.outliers) {
    v = r.uniform() < 0.5 ? level + (r.uniform() < 0.5 ? -1 : 1) * (3 + 5 * r.uniform()) * sigma : level * 1.4
  }
  return p.integer ? Math.max(0, Math.round(v)) : Number(v.toPrecision(6))
}

/** Number of values the default history holds (for progress bars). */
export function estimateValues(opts: GenerateOptions): number {
  const days = opts.days ?? Math.round(10 * YEAR_DAYS)
  let perDay = 0
  for (const inst of opts.models ?? MODELS) {
    for (const rep of inst.reports) perDay += (rep.setups.length * rep.params.length) / rep.cadenceDays
  }
  return Math.round(perDay * days * (opts.density ?? 1) * 0.95)
}
