import { globToRegex } from '../scoring/rule-versions.ts'
import type { InstrumentEvent } from './event.ts'

/**
 * Which values and alerts an instrument event concerns, and when it lasts: pure, shared by the
 * alert engine (mute windows), the API and the trend panels (markers) — no schema, no I/O.
 */
const matchesAny = (globsList: string[], name: string | undefined) =>
  globsList.length === 0 || (name !== undefined && globsList.some((g) => new RegExp(globToRegex(g)).test(name)))

/** Whether a report / parameter / setup falls in an event's scope (an absent part of the scope is everything). */
export function inScope(e: Pick<InstrumentEvent, 'instrument' | 'scope'>, x: { instrument: string; report?: string; param?: string; setup?: string }): boolean {
  return e.instrument === x.instrument && matchesAny(e.scope.reports, x.report) && matchesAny(e.scope.params, x.param) && matchesAny(e.scope.setups, x.setup)
}

/** Whether an event lasts at `now` (an event without an end lasts its instant only). */
export const lastsAt = (e: Pick<InstrumentEvent, 'atMs' | 'untilMs'>, now: number) => e.atMs <= now && now < (e.untilMs ?? e.atMs)

/** The technical event that mutes an alert of this scope now, if any (Alertmanager's mute timings). */
export function mutingEvent(events: InstrumentEvent[], x: { instrument: string; report?: string; param?: string; setup?: string }, now: number): InstrumentEvent | undefined {
  return events.find((e) => e.kind === 'technical' && lastsAt(e, now) && inScope(e, x))
}

/** What of an alert an event's scope is matched against: the report, parameter and setup its details name. */
export function alertScope(a: { instrument: string; details: Record<string, unknown> }): { instrument: string; report?: string; param?: string; setup?: string } {
  const str = (k: string) => (typeof a.details[k] === 'string' ? (a.details[k] as string) : undefined)
  return { instrument: a.instrument, report: str('report'), param: str('param'), setup: str('setup') }
}

/** Whether an event concerns a trend panel: its instrument, report and parameter, and any of the setups it draws. */
export function affectsPanel(e: Pick<InstrumentEvent, 'instrument' | 'scope'>, p: { instrument: string; report?: string; param: string; setups: string[] }): boolean {
  if (!inScope({ ...e, scope: { ...e.scope, setups: [] } }, { instrument: p.instrument, report: p.report, param: p.param })) return false
  return e.scope.setups.length === 0 || p.setups.some((setup) => matchesAny(e.scope.setups, setup))
}
