import { Hono } from 'hono'
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { zodDetails } from '../http/zod-details.ts'
import { ApiError } from '../http/api-error.ts'
import { Rule } from '../scoring/rule-schema.ts'
import { precedingRules } from '../scoring/scorer.ts'
import type { Services } from '../services.ts'
import { parseTime } from '../time/parse-time.ts'
import { MAX_ACTION_BYTES, readJsonObject } from '../ingest/read-body.ts'
import { CommentAction, FlagAction, ForceOkAction, RuleAction } from './action-schemas.ts'
import { productSpan, readAudit, writeAudit, writeComment, writeFlag, writeOverride } from '../store/actions-store.ts'

async function body<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> {
  const raw = await readJsonObject(req, MAX_ACTION_BYTES)
  const r = schema.safeParse(raw)
  if (!r.success) {
    throw new ApiError(400, 'invalid_action', 'The action is not valid', zodDetails(r.error, 'field'))
  }
  return r.data
}

function ms(field: string, t: string | number): number {
  const r = parseTime(t)
  if ('error' in r) throw new ApiError(400, 'invalid_action', `${field}: ${r.error}`, [{ field, reason: r.error }])
  return r.ms
}

/**
 * QC scientists' actions (token required), each recorded with who, when and why
 * in the audit log and applied to the scores: mark a value false, force a product
 * OK, comment, adjust a rule's thresholds (optionally re-scoring history).
 *
 * @example
 * POST /api/v1/actions/flag { "instrument": "UVES", "param": "ron_raw", "setup": "...", "ts": "...", "product": "...", "by": "rhanuschik", "why": "shutter fault" }
 */
export function actionsRoute(s: Services): Hono {
  const app = new Hono()
  const audit = (kind: string, instrument: string, by: string, why: string, payload: unknown) => writeAudit(s.store, { atMs: s.clock(), kind, instrument, by, why, payload })

  app.post('/flag', async (c) => {
    const a = await body(c.req.raw, FlagAction)
    const t = ms('ts', a.ts)
    await writeFlag(s.store, { instrument: a.instrument, param: a.param, setup: a.setup, tsMs: t, product: a.product, flagged: a.flag === 'false', by: c.var.viewer.name, why: a.why, atMs: s.clock() })
    await audit('flag', a.instrument, c.var.viewer.name, a.why, { ...a, ts: new Date(t).toISOString() })
    // Later values' references may have included it: re-score the series from its time on.
    s.scoring.request(a.instrument, [a.param], t)
    await s.scoring.idle()
    return c.json({ ok: true, flag: a.flag })
  })

  app.post('/force-ok', async (c) => {
    const a = await body(c.req.raw, ForceOkAction)
    const span = await productSpan(s.store, a.instrument, a.product)
    if (span.values === 0) throw new ApiError(404, 'not_found', `No product ${a.product} of ${a.instrument}`)
    await writeOverride(s.store, { instrument: a.instrument, product: a.product, forcedOk: !a.undo, by: c.var.viewer.name, why: a.why, atMs: s.clock() })
    await audit('force-ok', a.instrument, c.var.viewer.name, a.why, a)
    await s.scorer.refreshProducts(a.instrument, span.firstMs, span.firstMs + 1)
    s.scoring.notify(a.instrument)
    return c.json({ ok: true, forcedOk: !a.undo })
  })

  app.post('/comment', async (c) => {
    const a = await body(c.req.raw, CommentAction)
    const t = a.kind === 'report-night' ? Date.parse(`${a.night}T00:00:00Z`) + s.nights.boundaryMs : a.ts !== undefined ? ms('ts', a.ts) : 0
    const row = {
      id: randomUUID(), instrument: a.instrument, kind: a.kind, tsMs: t, text: a.text, internal: a.internal, by: c.var.viewer.name, atMs: s.clock(),
      param: a.kind === 'value' ? a.param : '', setup: a.kind === 'value' ? a.setup : '', product: a.kind === 'report-night' ? '' : a.product,
      report: a.kind === 'report-night' ? a.report : '',
      target: a.kind === 'value' ? `${a.param}|${a.setup}|${a.product}` : a.kind === 'product' ? a.product : `${a.report}|${a.night}`,
    }
    await writeComment(s.store, row)
    // The audit entry keeps the stored row's field names, as it always has.
    const { tsMs, atMs, ...rest } = row
    await audit('comment', a.instrument, c.var.viewer.name, '', { ...rest, ts: tsMs, at: atMs, internal: row.internal ? 1 : 0 })
    return c.json({ ok: true, id: row.id })
  })

  app.post('/rule', async (c) => {
    const a = await body(c.req.raw, RuleAction)
    const current = s.rules.current(a.instrument, a.id)
    if (!current) throw new ApiError(404, 'not_found', `No rule ${a.id} for ${a.instrument}`)
    const next = Rule.safeParse({ ...current.rule, id: a.id, since: undefined, ...(a.warning !== undefined && { warning: a.warning }), ...(a.critical !== undefined && { critical: a.critical }) })
    if (!next.success) throw new ApiError(400, 'invalid_action', `The thresholds do not fit a ${current.rule.type} rule: ${next.error.issues[0].message}`)
    const fromMs = a.from !== undefined ? ms('from', a.from) : s.clock()
    if (a.preview) {
      // The versions as they would be, scored in the new version's segment beside the stored scores; nothing is written.
      const change = { instrument: a.instrument, id: a.id, rule: next.data, fromMs, by: c.var.viewer.name, why: a.why, atMs: s.clock() }
      const versions = s.rules.withChange(change).filter((v) => v.instrument === a.instrument && v.rule.param === current.rule.param)
      const k = versions.findIndex((v) => v.id === a.id && v.fromMs === fromMs)
      const counts = k < 0 ? [] : await s.scorer.preview(versions[k], precedingRules(versions, k), s.clock())
      const values = counts.reduce((n, x) => n + x.values, 0)
      const changes = counts.filter((x) => x.before !== x.after)
      return c.json({ ok: true, preview: true, id: a.id, from: new Date(fromMs).toISOString(), values, changed: changes.reduce((n, x) => n + x.values, 0), changes })
    }
    await s.rules.change({ instrument: a.instrument, id: a.id, rule: next.data, fromMs, by: c.var.viewer.name, why: a.why, atMs: s.clock() })
    const started = Date.now()
    if (a.rescore) {
      s.scoring.request(a.instrument, [current.rule.param], fromMs)
      await s.scoring.idle()
    }
    const version = s.rules.current(a.instrument, a.id)!
    return c.json({ ok: true, id: a.id, version: version.version, from: new Date(fromMs).toISOString(), rescored: a.rescore, rescoreMs: a.rescore ? Date.now() - started : 0 })
  })

  app.get('/', async (c) => {
    return c.json({ actions: await readAudit(s.store, c.req.query('instrument') ?? '') })
  })
  return app
}
