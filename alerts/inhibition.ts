import type { InstrumentCatalogue } from '../server/catalogue/catalogue-schema.ts'
import { globToRegex } from '../server/scoring/rule-versions.ts'
import type { AlertState } from './alert-state.ts'

/** What inhibits an alert, as shown next to it: the expired calibration's alert. */
export interface Inhibitor { key: string; title: string }

/**
 * Inhibition by expired calibrations (Alertmanager's inhibit rules, declared in the catalogue's
 * `validity: [{ report, nights, inhibits: [reports] }]`): a critical parameter alert of a listed
 * report is held back while an `expired` alert of the calibration fires for a setup the parameter's
 * setup matches (the validity line's setup glob, or the same setup). Pure: the engine and the
 * alerts route share it.
 *
 * @example
 * const by = inhibitors(catalogues, states); by(alert)?.title // 'BIAS for BLUE*: expired 2 night(s) ago …'
 */
export function inhibitors(cats: InstrumentCatalogue[], states: AlertState[]): (a: AlertState) => Inhibitor | undefined {
  const rules = new Map<string, Map<string, string[]>>() // instrument → calibration report → inhibited reports
  for (const c of cats) for (const v of c.validity) if (v.inhibits?.length) rules.set(c.instrument, (rules.get(c.instrument) ?? new Map()).set(v.report, v.inhibits))
  const expired = states.filter((s) => s.kind === 'expired' && s.state === 'firing' && rules.get(s.instrument)?.has(String(s.details.report)))
    .map((s) => ({ s, inhibits: rules.get(s.instrument)!.get(String(s.details.report))!, setup: new RegExp(globToRegex(String(s.details.setup))) }))
  if (expired.length === 0) return () => undefined
  return (a) => {
    if (a.kind !== 'critical') return undefined
    const report = String(a.details.report), setup = String(a.details.setup)
    const e = expired.find((x) => x.s.instrument === a.instrument && x.inhibits.includes(report) && x.setup.test(setup))
    return e ? { key: e.s.key, title: e.s.title } : undefined
  }
}
