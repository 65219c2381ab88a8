import { Hono } from 'hono'
import { z } from 'zod'
import { freeTextField, nameField } from '../text/text-fields.ts'
import { loadStates, saveStates, type AlertState } from '../../alerts/alert-state.ts'
import { readAlertHistory } from '../store/alerts-store.ts'
import { ACK_LINK_PATH, verifyAckLink } from '../../alerts/ack-link.ts'
import { ApiError } from '../http/api-error.ts'
import { MAX_ACTION_BYTES, readJsonObject } from '../ingest/read-body.ts'
import type { Services } from '../services.ts'
import { parseTime } from '../time/parse-time.ts'
import { escapeHtml } from '../text/escape-html.ts'
import { readTechnicalAt } from '../store/events-store.ts'
import { mutedBy, type MuteWindow } from '../../alerts/mute-windows.ts'
import { inhibitors } from '../../alerts/inhibition.ts'

export const Ack = z.strictObject({ key: nameField('key', 1000) })
export const Silence = z.strictObject({ key: nameField('key', 1000), until: nameField('until', 40), reason: freeTextField('reason', 2000, 1) })

/**
 * `GET /api/v1/alerts` (firing, pending, silenced, history); `POST /ack` and
 * `POST /silence` (token); `GET /ack?key=&sig=` — the signed link in emails.
 *
 * @example
 * POST /api/v1/alerts/silence { "key": "critical:UVES:ron_raw:…", "until": "2026-11-30", "reason": "CCD warm-up", "by": "astro" }
 */
export function alertsRoute(s: Services, signingKey: string, onChange: () => void, muteWindows: () => MuteWindow[] = () => []): Hono {
  const app = new Hono()
  app.get('/', async (c) => {
    const now = s.clock()
    const states = [...(await loadStates(s.store)).values()]
    const technical = await readTechnicalAt(s.store, now)
    const windows = muteWindows()
    const inhibitedBy = inhibitors(s.catalogues(), states)
    const muted = (a: AlertState) => mutedBy(technical, windows, a, now)
    // `began`: when the condition began (the first critical value, the end of validity …); `since`: when this incident was raised.
    const began = (a: AlertState) => (typeof a.details.began === 'string' ? a.details.began : new Date(a.since).toISOString())
    const view = (a: (typeof states)[number]) => ({ ...a, mutedBy: muted(a), inhibitedBy: inhibitedBy(a) ?? null, since: new Date(a.since).toISOString(), began: began(a), silenced: a.silencedUntil !== null && a.silencedUntil > now,
      silencedUntil: a.silencedUntil ? new Date(a.silencedUntil).toISOString() : null, clearSince: a.clearSince ? new Date(a.clearSince).toISOString() : null, notifiedAt: a.notifiedAt ? new Date(a.notifiedAt).toISOString() : null })
    const history = await readAlertHistory(s.store)
    if (c.var.viewer.view === 'public') {
      // Public readers: what is wrong and since when, not who acknowledged or silenced it, nor private parameters.
      const shown = (a: AlertState) => s.publicView.alert({ ...view(a), details: a.details })
      const visible = new Set(states.filter((a) => shown(a)).map((a) => a.key))
      return c.json({
        firing: states.filter((a) => a.state === 'firing').map(shown).filter(Boolean),
        pending: states.filter((a) => a.state === 'pending').map(shown).filter(Boolean),
        silenced: [],
        history: history.filter((h) => visible.has(h.key)),
      })
    }
    return c.json({
      firing: states.filter((a) => a.state === 'firing').map(view),
      pending: states.filter((a) => a.state === 'pending').map(view),
      silenced: states.filter((a) => a.state !== 'resolved' && a.silencedUntil !== null && a.silencedUntil > now).map(view),
      history,
    })
  })
  const update = async (key: string, change: Record<string, unknown>) => {
    const a = (await loadStates(s.store)).get(key)
    if (!a) throw new ApiError(404, 'not_found', `No alert ${key}`)
    await saveStates(s.store, [{ ...a, ...change }], Math.max(s.clock(), Date.now()))
    onChange()
  }
  // The email's link: GET shows a page with a button (scanners and prefetchers GET links); only its POST acknowledges.
  app.get('/ack-link', (c) => {
    const v = verifyAckLink(c.req.query(), signingKey, s.clock())
    if (!v.ok) return c.html(ackPage('Cannot acknowledge', `<p>${esc(v.why)}</p>`), v.status)
    const l = v.link
    const hidden = (['key', 'since', 'exp', 'sig'] as const).map((k) => `<input type="hidden" name="${k}" value="${esc(l[k])}">`).join('')
    return c.html(ackPage('Acknowledge alert', `<p>Alert <code>${esc(l.key)}</code>, firing since ${esc(utc(l.since))} UT.</p>
<p>Acknowledging stops the reminders for this incident; it will notify again if it clears and comes back.</p>
<form method="post" action="${ACK_LINK_PATH}">${hidden}<button type="submit">Acknowledge</button></form>`))
  })
  app.post('/ack-link', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}))
    const fields = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]))
    const v = verifyAckLink(fields, signingKey, s.clock())
    if (!v.ok) return c.html(ackPage('Cannot acknowledge', `<p>${esc(v.why)}</p>`), v.status)
    const a = (await loadStates(s.store)).get(v.link.key)
    if (!a || a.since !== v.link.since || a.state === 'resolved') {
      return c.html(ackPage('Cannot acknowledge', '<p>This incident is over: the link belongs to an earlier occurrence of the alert.</p>'), 410)
    }
    if (a.ackedBy) return c.html(ackPage('Already acknowledged', `<p>Already acknowledged by ${esc(a.ackedBy)}; this link works once.</p>`), 410)
    await update(v.link.key, { ackedBy: 'email link' })
    return c.html(ackPage('Acknowledged', `<p>Acknowledged: <code>${esc(v.link.key)}</code>. No more reminders for this incident.</p>`))
  })
  app.post('/ack', async (c) => {
    const a = Ack.safeParse(await readJsonObject(c.req.raw, MAX_ACTION_BYTES))
    if (!a.success) throw new ApiError(400, 'invalid_action', 'key is required', a.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })))
    await update(a.data.key, { ackedBy: c.var.viewer.name })
    return c.json({ ok: true })
  })
  app.post('/silence', async (c) => {
    const a = Silence.safeParse(await readJsonObject(c.req.raw, MAX_ACTION_BYTES))
    if (!a.success) throw new ApiError(400, 'invalid_action', 'key, until and reason are required', a.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })))
    const until = parseTime(a.data.until)
    if ('error' in until) throw new ApiError(400, 'invalid_action', `until: ${until.error}`)
    await update(a.data.key, { silencedUntil: until.ms, silenceReason: `${a.data.reason} (${c.var.viewer.name})` })
    return c.json({ ok: true, until: new Date(until.ms).toISOString() })
  })
  return app
}

const esc = escapeHtml
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
const ackPage = (title: string, body: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)} — qcloop</title>
<body style="font-family:sans-serif;max-width:40em;margin:2em auto"><h1>${esc(title)}</h1>${body}</body></html>`
