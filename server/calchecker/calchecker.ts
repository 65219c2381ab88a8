import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { StoreClient } from '../store/client.ts'
import type { NightClock } from '../time/night.ts'
import { buildReport, type CalcheckerReport } from './build-report.ts'
import { frameVerdicts } from './frame-verdicts.ts'
import { readMatches } from '../store/calchecker-match.ts'
import { flattenNeeds } from './needs.ts'

/** Nights shown by default: the current one and the six before it. */
export const NIGHTS = 7

/**
 * calChecker for one instrument: for the `count` nights ending with `night`
 * (default: the current night, whose day calibrations may still be running),
 * are all checked frames calibrated? Matching runs in ClickHouse; the
 * roll-up is pure code.
 *
 * @example
 * const r = await calcheckerReport(store, catalogue, nights, Date.now())
 * r.actions[0]?.text // 'take FLAT_SKY for 200Kps/low_SR_z_SPECIAL_2x2'
 */
export async function calcheckerReport(store: StoreClient, cat: InstrumentCatalogue, clock: NightClock, nowMs: number, night?: string, count = NIGHTS): Promise<CalcheckerReport> {
  const a = cat.calchecker
  if (!a) throw new Error(`${cat.instrument} has no calchecker rules`)
  const last = night ? Math.floor(Date.parse(`${night}T00:00:00Z`) / 86_400_000) : clock.nightIndex(nowMs)
  const nights = Array.from({ length: count }, (_, i) => clock.label(last - count + 1 + i))
  const needs = flattenNeeds(a)
  const m = await readMatches(store, cat.instrument, needs, { from: nights[0], to: nights.at(-1)!, lastType: a.daytime.last ?? '' })
  return buildReport(cat.instrument, a, needs, nights, m.frames, frameVerdicts(m.frames, m.nearest, needs), m.activity, nowMs)
}
