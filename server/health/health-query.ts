import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import { reasonText } from '../scoring/reason.ts'
import { finiteLimit } from '../store/score-sql.ts'
import { paramDef } from '../catalogue/param-def.ts'
import { scoreName, worst, type ScoreName } from '../scoring/score.ts'
import type { StoreClient } from '../store/client.ts'
import { readNightScores, readSeriesStates } from '../store/health-read.ts'
import type { NightClock } from '../time/night.ts'
import { readValidity } from '../validity/validity-query.ts'
import { DEFAULT_MONITOR, instrumentLight, type MonitorWeights } from './roll-up.ts'
import type { ValidityLine } from '../validity/validity-status.ts'
import { readDrift } from '../store/drift-store.ts'
import { driftText, type DriftFinding } from '../drift/drift-verdict.ts'

export interface ParamHealth {
  param: string
  setup: string
  unit: string
  class: string | null
  score: ScoreName
  cause: string
  reason: string
  last: { ts: string; value: number; product: string }
  limits: { warning: [number | null, number | null]; critical: [number | null, number | null] }
  /** The last 7 nights, oldest first: worst score of the night, or null when nothing was taken. */
  nights: { night: string; score: ScoreName | null }[]
  /** A trend towards a limit (with its forecast) or a shift inside the limits: advice, yellow at most (server/drift). */
  drift?: { text: string; finding: DriftFinding }
}

export interface InstrumentHealth {
  name: string
  /** The instrument's light: parameters, calibrations and freshness, weighed by the policy (`causes` say what counted). */
  score: ScoreName
  /** The worst of its parameters alone. */
  paramScore: ScoreName
  /** Why the light is worse than its parameters: expired calibrations, stale data. */
  causes: string[]
  /** The worst of those causes alone (grey: none counted). */
  causeScore: ScoreName
  newest: string | null
  reports: { name: string; score: ScoreName; params: ParamHealth[] }[]
  validity: ValidityLine[]
  validityScore: 'green' | 'yellow' | 'red' | 'grey'
}

const STRIP = 7

/**
 * The health-check view: per instrument its score, per report its score, per
 * parameter and setup the current score (the newest value's), last value and
 * the last 7 nights; plus calibration validity. Reads the small derived tables
 * the scorer maintains, never the value history.
 *
 * @example
 * const view = await readHealth(store, catalogues, Date.now(), new NightClock(21))
 */
export async function readHealth(store: StoreClient, catalogues: InstrumentCatalogue[], nowMs: number, clock: NightClock, only?: string, monitor: MonitorWeights = DEFAULT_MONITOR): Promise<InstrumentHealth[]> {
  const tonight = clock.nightIndex(nowMs)
  const nights = Array.from({ length: STRIP }, (_, i) => clock.label(tonight - STRIP + 1 + i))
  const [state, strip, drifts] = await Promise.all([readSeriesStates(store, only), readNightScores(store, nights[0], only), readDrift(store, only)])
  const drift = new Map(drifts.map((d) => [`${d.instrument}\u0000${d.param}\u0000${d.setup}`, JSON.parse(d.finding) as DriftFinding]))
  const nightScore = new Map<string, number>()
  for (const [night, i, p, s, score] of strip) nightScore.set(`${i}\u0000${p}\u0000${s}\u0000${night}`, score)
  const out = new Map<string, InstrumentHealth>()
  for (const [instrument, report, param, setup, t, value, product, score, cause, ruleId, ref, wlo, whi, clo, chi] of state) {
    let inst = out.get(instrument)
    if (!inst) out.set(instrument, (inst = { name: instrument, score: 'grey', paramScore: 'grey', causes: [], causeScore: 'grey', newest: null, reports: [], validity: [], validityScore: 'grey' }))
    let rep = inst.reports.find((r) => r.name === report)
    if (!rep) inst.reports.push((rep = { name: report, score: 'grey', params: [] }))
    const def = paramDef(catalogues, instrument, param)
    const ts = new Date(Number(t)).toISOString()
    if (!inst.newest || ts > inst.newest) inst.newest = ts
    const f = drift.get(`${instrument}\u0000${param}\u0000${setup}`)
    const own = scoreName(score)
    const reason = reasonText({ value, cause, ruleId: ruleId || undefined, reference: ref, warnLo: wlo, warnHi: whi, critLo: clo, critHi: chi, unit: def?.unit })
    // A green series that drifts towards a limit (or has shifted) turns yellow with the forecast as its reason; never red.
    const advised = f && own === 'green'
    const forecast = f ? driftText(f, def?.unit) : ''
    rep.params.push({
      param, setup, unit: def?.unit ?? '', class: def?.class ?? null, score: advised ? 'yellow' : own, cause: advised ? f.cause : cause,
      reason: advised ? `${forecast}; newest value ${reason}` : reason,
      ...(f ? { drift: { text: forecast, finding: f } } : {}),
      last: { ts, value, product },
      limits: { warning: [finiteLimit(wlo), finiteLimit(whi)], critical: [finiteLimit(clo), finiteLimit(chi)] },
      nights: nights.map((night) => {
        const s = nightScore.get(`${instrument}\u0000${param}\u0000${setup}\u0000${night}`)
        return { night, score: s === undefined ? null : scoreName(s) }
      }),
    })
  }
  for (const c of catalogues) if (!out.has(c.instrument) && (!only || only === c.instrument)) {
    out.set(c.instrument, { name: c.instrument, score: 'grey', paramScore: 'grey', causes: [], causeScore: 'grey', newest: null, reports: [], validity: [], validityScore: 'grey' })
  }
  const validity = await readValidity(store, catalogues.filter((c) => out.has(c.instrument)), nowMs, clock)
  for (const inst of out.values()) {
    for (const rep of inst.reports) rep.score = worst(rep.params.map((p) => p.score))
    inst.paramScore = worst(inst.reports.map((r) => r.score))
    inst.validity = validity.get(inst.name) ?? []
    inst.validityScore = inst.validity.length ? worst(inst.validity.map((v) => v.severity)) as InstrumentHealth['validityScore'] : 'grey'
    const light = instrumentLight(inst.paramScore, inst.validity, inst.newest ? Date.parse(inst.newest) : null, nowMs, monitor)
    inst.score = light.score
    inst.causes = light.causes
    inst.causeScore = light.causeScore
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name))
}
