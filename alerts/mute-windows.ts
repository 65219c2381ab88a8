import { z } from 'zod'
import { alertScope, inScope, mutingEvent } from '../server/events/event-scope.ts'
import type { InstrumentEvent } from '../server/events/event.ts'

/**
 * Recurring mute windows of the alert policy (alerts/policy.yaml `muteWindows`), Alertmanager's
 * mute timings: on the given weekdays between two local times, alerts of the scope are evaluated
 * and shown but not sent; one still firing when the window closes is sent then, once. A window
 * whose end is before its start runs over midnight and belongs to the day it starts. Pure.
 */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time HH:MM' })

export const MuteWindow = z.strictObject({
  name: z.string().min(1).max(200),
  /** Instruments it applies to (empty: all). */
  instruments: z.array(z.string()).default([]),
  days: z.array(z.enum(DAYS)).min(1).default([...DAYS]),
  from: HHMM,
  to: HHMM,
  timezone: z.string().default('UTC').refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true } catch { return false } }, { error: 'an IANA time zone' }),
  scope: z.strictObject({ reports: z.array(z.string()).default([]), params: z.array(z.string()).default([]), setups: z.array(z.string()).default([]) }).default({ reports: [], params: [], setups: [] }),
})
export type MuteWindow = z.infer<typeof MuteWindow>

/** Weekday and minutes since local midnight of an instant in a time zone. */
function local(ms: number, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms))
  const get = (t: string) => parts.find((p) => p.type === t)!.value
  return { day: DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3) as (typeof DAYS)[number]), minute: Number(get('hour')) * 60 + Number(get('minute')) }
}
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))

/** Whether a window is open at `now`. */
export function windowOpen(w: MuteWindow, now: number): boolean {
  const { day, minute } = local(now, w.timezone)
  const from = minutes(w.from), to = minutes(w.to)
  const on = (d: number) => w.days.includes(DAYS[(d + 7) % 7])
  if (from <= to) return on(day) && minute >= from && minute < to
  return (on(day) && minute >= from) || (on(day - 1) && minute < to)
}

/** The policy window that mutes an alert of this scope now, if any. */
export function mutingWindow(windows: MuteWindow[], x: { instrument: string; report?: string; param?: string; setup?: string }, now: number): MuteWindow | undefined {
  return windows.find((w) => (w.instruments.length === 0 || w.instruments.includes(x.instrument)) && inScope({ instrument: x.instrument, scope: w.scope }, x) && windowOpen(w, now))
}

/** What mutes an alert now, as shown next to it: a technical event (until its end) or a policy window (recurring: no end). */
export interface MutedBy { id: string; title: string; until: string | null }

/**
 * Why an alert is muted now, if it is: the technical events lasting now first, then the policy's
 * recurring windows. One rule for the engine (which does not send) and the alerts API (which says why).
 */
export function mutedBy(events: InstrumentEvent[], windows: MuteWindow[], a: { instrument: string; details: Record<string, unknown> }, now: number): MutedBy | null {
  const scope = alertScope(a)
  const e = mutingEvent(events, scope, now)
  if (e) return { id: e.id, title: e.title, until: new Date(e.untilMs ?? e.atMs).toISOString() }
  const w = mutingWindow(windows, scope, now)
  return w ? { id: `policy:${w.name}`, title: w.name, until: null } : null
}
