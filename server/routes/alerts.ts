import { Hono } from 'hono'
import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { loadStates, saveStates } from '../../alerts/alert-state.ts'
import { ackSignature } from '../../alerts/templates.ts'
import { ApiError } from '../http/api-error.ts'
import type { Services } from '../services.ts'
import { parseTime } from '../time/parse-time.ts'

export const Ack = z.strictObject({ key: z.string().min(1), by: z.string().trim().min(1) })
export const Silence = z.strictObject({ key: z.string().min(1), by: z.string().trim().min(1), until: z.string().min(1), reason: z.string().trim().min(1) })

/**
 * `GET /api/v1/alerts` (firing, pending, silenced, history); `POST /ack` and
 * `POST /silence` (token); `GET /ack?key=&sig=` — the signed link in emails.
 *
 * @example
 * POST /api/v1/alerts/silence { "key": "critical:UVES:ron_raw:…", "until": "2026-11-30", "reason": "CCD warm-up", "by": "astro" }
 */
export function alertsRoute(s: Services, signingKey: string, onChange: () => void, auth: import('hono').MiddlewareHandler): Hono {
  const app = new Hono()
  const db = s.store.database
  app.get('/', async (c) => {
    const now = s.clock()
    const states = [...(await loadStates(s.store)).values()]
    const view = (a: (typeof states)[number]) => ({ ...a, since: new Date(a.since).toISOString(), silenced: a.silencedUntil !== null && a.silencedUntil > now,
      silencedUntil: a.silencedUntil ? new Date(a.silencedUntil).toISOString() : null, clearSince: a.clearSince ? new Date(a.clearSince).toISOString() : null, notifiedAt: a.notifiedAt ? new Date(a.notifiedAt).toISOString() : null })
    const rs = await s.store.client.query({ query: `SELECT toString(at) AS at, key, instrument, from_state, to_state, title FROM ${db}.alert_history ORDER BY at DESC LIMIT 200`, format: 'JSONEachRow' })
    return c.json({
      firing: states.filter((a) => a.state === 'firing').map(view),
      pending: states.filter((a) => a.state === 'pending').map(view),
      silenced: states.filter((a) => a.state !== 'resolved' && a.silencedUntil !== null && a.silencedUntil > now).map(view),
      history: await rs.json(),
    })
  })
  const update = async (key: string, change: Record<string, unknown>) => {
    const a = (await loadStates(s.store)).get(key)
    if (!a) throw new ApiError(404, 'not_found', `No alert ${key}`)
    await saveStates(s.store, [{ ...a, ...change }], Math.max(s.clock(), Date.now()))
    onChange()
  }
  app.get('/ack', async (c) => {
    const key = c.req.query('key') ?? '', sig = c.req.query('sig') ?? ''
    const want = ackSignature(key, signingKey)
    if (sig.length !== want.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(want))) throw new ApiError(403, 'forbidden', 'This acknowledge link is not valid')
    await update(key, { ackedBy: 'email link' })
    return c.html(`<!doctype html><title>Acknowledged</title><p>Acknowledged: ${key.replace(/[<>&]/g, '')}. No more reminders for it.</p>`)
  })
  app.post('/ack', auth, async (c) => {
    const a = Ack.safeParse(await c.req.json().catch(() => null))
    if (!a.success) throw new ApiError(400, 'invalid_action', 'key and by are required', a.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })))
    await update(a.data.key, { ackedBy: a.data.by })
    return c.json({ ok: true })
  })
  app.post('/silence', auth, async (c) => {
    const a = Silence.safeParse(await c.req.json().catch(() => null))
    if (!a.success) throw new ApiError(400, 'invalid_action', 'key, until, reason and by are required', a.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })))
    const until = parseTime(a.data.until)
    if ('error' in until) throw new ApiError(400, 'invalid_action', `until: ${until.error}`)
    await update(a.data.key, { silencedUntil: until.ms, silenceReason: `${a.data.reason} (${a.data.by})` })
    return c.json({ ok: true, until: new Date(until.ms).toISOString() })
  })
  return app
}
