import { z } from 'zod'
import { freeTextField, nameField } from '../text/text-fields.ts'

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
