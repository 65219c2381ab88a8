import { z } from 'zod'
import { freeTextField, nameField } from '../text/text-fields.ts'
import { globToRegex } from '../scoring/rule-versions.ts'

/**
 * Instrument events, as ESO's monitor keeps instrument news and a dated history of interventions:
 * an intervention (detector replaced, mirror recoated), a technical night (alerts of its scope are
 * muted while it lasts), or news for the health monitor's readers. Pure: no I/O.
 */
export const EVENT_KINDS = ['intervention', 'technical', 'news'] as const
export type EventKind = (typeof EVENT_KINDS)[number]

const globs = (field: string) => z.array(nameField(field)).max(100).optional()

/** What a QC scientist sends to create or edit an event (`POST /api/v1/events`, `PUT /api/v1/events/{id}`). */
export const EventInput = z.strictObject({
  instrument: nameField('instrument'),
  at: z.union([z.string().max(40), z.number()]),
  until: z.union([z.string().max(40), z.number()]).optional(),
  kind: z.enum(EVENT_KINDS),
  title: freeTextField('title', 200, 1),
  text: freeTextField('text', 5000).optional(),
  /** Globs on report, parameter and setup names; absent: all of the instrument's. */
  scope: z.strictObject({ reports: globs('reports'), params: globs('params'), setups: globs('setups') }).default({}),
  resetsBaseline: z.boolean().default(false),
  public: z.boolean().default(false),
  why: freeTextField('why', 2000).optional(),
})
export type EventInput = z.infer<typeof EventInput>

/** An event as stored and answered (times in ms). */
export interface InstrumentEvent {
  id: string; instrument: string; atMs: number; untilMs: number | null; kind: EventKind; title: string; text: string
  scope: { reports: string[]; params: string[]; setups: string[] }; resetsBaseline: boolean; public: boolean; by: string; updatedMs: number
}

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
