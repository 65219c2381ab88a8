import { Hono, type Context } from 'hono'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { ApiError } from '../http/api-error.ts'
import { zodDetails } from '../http/zod-details.ts'
import { parseQuery, timeParam } from '../http/query-params.ts'
import { MAX_ACTION_BYTES, readJsonObject } from '../ingest/read-body.ts'
import { nameField } from '../text/text-fields.ts'
import { parseTime } from '../time/parse-time.ts'
import { EventInput, type InstrumentEvent } from '../events/event.ts'
import { readEvent, readEvents, writeEvent } from '../store/events-store.ts'
import { writeAudit } from '../store/actions-store.ts'
import type { Services } from '../services.ts'

export const EventsQuery = z.strictObject({ instrument: nameField('instrument').optional(), from: z.string().optional(), to: z.string().optional() })

/** An event as the API answers it: ISO times; who made it only for a full view. */
export const eventView = (e: InstrumentEvent, full: boolean) => ({
  id: e.id, instrument: e.instrument, at: new Date(e.atMs).toISOString(), until: e.untilMs === null ? null : new Date(e.untilMs).toISOString(),
  kind: e.kind, title: e.title, text: e.text, scope: e.scope, resetsBaseline: e.resetsBaseline, public: e.public,
  ...(full ? { by: e.by, updated: new Date(e.updatedMs).toISOString() } : {}),
})

function ms(field: string, t: string | number): number {
  const r = parseTime(t)
  if ('error' in r) throw new ApiError(400, 'invalid_event', `${field}: ${r.error}`, [{ field, reason: r.error }])
  return r.ms
}

/**
 * Instrument events: `GET /api/v1/events?instrument=&from=&to=` (public readers: public events
 * only), `POST` (role qc) creates, `PUT /{id}` replaces, `DELETE /{id}` removes; every change is
 * in the audit log with who and why. A technical event mutes the alerts of its scope while it lasts.
 *
 * @example
 * POST /api/v1/events { "instrument": "UVES", "at": "2026-11-20T12:00:00Z", "kind": "intervention", "title": "Blue CCD replaced", "scope": { "setups": ["BLUE*"] }, "resetsBaseline": true }
 */
export function eventsRoute(s: Services, onChange: () => void): Hono {
  const app = new Hono()
  const input = async (c: Context, id: string): Promise<{ e: InstrumentEvent; why: string }> => {
    const r = EventInput.safeParse(await readJsonObject(c.req.raw, MAX_ACTION_BYTES))
    if (!r.success) throw new ApiError(400, 'invalid_event', 'The event is not valid', zodDetails(r.error, 'field'))
    const a = r.data
    const atMs = ms('at', a.at), untilMs = a.until === undefined ? null : ms('until', a.until)
    if (untilMs !== null && untilMs < atMs) throw new ApiError(400, 'invalid_event', 'until is before at', [{ field: 'until', reason: 'before at' }])
    if (a.kind === 'technical' && untilMs === null) throw new ApiError(400, 'invalid_event', 'a technical event needs an end (until): it mutes alerts while it lasts', [{ field: 'until', reason: 'required for kind technical' }])
    return {
      why: a.why ?? '',
      e: {
        id, instrument: a.instrument, atMs, untilMs, kind: a.kind, title: a.title, text: a.text ?? '',
        scope: { reports: a.scope.reports ?? [], params: a.scope.params ?? [], setups: a.scope.setups ?? [] },
        resetsBaseline: a.resetsBaseline, public: a.public, by: c.var.viewer.name, updatedMs: Math.max(s.clock(), Date.now()),
      },
    }
  }
  const audit = (c: Context, kind: string, e: InstrumentEvent, why: string) =>
    writeAudit(s.store, { atMs: s.clock(), kind, instrument: e.instrument, by: c.var.viewer.name, why, payload: eventView(e, false) })

  app.get('/', async (c) => {
    const q = parseQuery(c, EventsQuery, [])
    const full = c.var.viewer.view === 'full'
    const events = await readEvents(s.store, q.instrument ?? '', timeParam('from', q.from) ?? 0, timeParam('to', q.to) ?? 8_000_000_000_000)
    return c.json({ events: events.filter((e) => full || e.public).map((e) => eventView(e, full)) })
  })
  // A baseline reset added, moved or removed changes the references of everything after it.
  const rescore = async (e: InstrumentEvent, old?: InstrumentEvent) => {
    if (!e.resetsBaseline && !old?.resetsBaseline) return
    s.scoring.request(e.instrument, null, Math.min(e.atMs, old?.atMs ?? e.atMs))
    await s.scoring.idle()
  }
  app.post('/', async (c) => {
    const { e, why } = await input(c, randomUUID())
    await writeEvent(s.store, e)
    await audit(c, 'event', e, why)
    await rescore(e)
    onChange()
    return c.json(eventView(e, true), 201)
  })
  app.put('/:id', async (c) => {
    const old = await readEvent(s.store, c.req.param('id'))
    if (!old) throw new ApiError(404, 'not_found', `No event ${c.req.param('id')}`)
    const { e, why } = await input(c, old.id)
    if (e.instrument !== old.instrument) throw new ApiError(400, 'invalid_event', 'An event cannot move to another instrument; delete it and create a new one', [{ field: 'instrument', reason: 'changed' }])
    await writeEvent(s.store, e)
    await audit(c, 'event-edit', e, why)
    await rescore(e, old)
    onChange()
    return c.json(eventView(e, true))
  })
  app.delete('/:id', async (c) => {
    const old = await readEvent(s.store, c.req.param('id'))
    if (!old) throw new ApiError(404, 'not_found', `No event ${c.req.param('id')}`)
    await writeEvent(s.store, { ...old, by: c.var.viewer.name, updatedMs: Math.max(s.clock(), Date.now(), old.updatedMs + 1) }, true)
    await audit(c, 'event-delete', old, c.req.query('why') ?? '')
    await rescore(old)
    onChange()
    return c.json({ deleted: old.id })
  })
  return app
}
