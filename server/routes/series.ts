import { Hono, type Context } from 'hono'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'

const gzipAsync = promisify(gzip)
import { z } from 'zod'
import { nameField } from '../text/text-fields.ts'
import { parseQuery, timeParam } from '../http/query-params.ts'
import { paramDef } from '../catalogue/param-def.ts'
import { readSeries } from '../store/series-read.ts'
import { SeriesCache } from '../series/series-cache.ts'
import type { Services } from '../services.ts'
import { notPublic, publicRule } from '../access/public-view.ts'

export const SeriesQuery = z.strictObject({
  instrument: nameField('instrument'),
  param: nameField('param'),
  setup: z.array(nameField('setup')).default([]),
  from: z.string().optional(),
  to: z.string().optional(),
  maxPoints: z.coerce.number().int().min(2).max(100_000).default(2000),
})

/**
 * `GET /api/v1/series?instrument=&param=&setup=&from=&to=&maxPoints=` — one series per setup.
 *
 * @example
 * GET /api/v1/series?instrument=UVES&param=ron_master&from=2024-01-01
 */
export function seriesRoute(s: Services): Hono {
  const app = new Hono()
  const store = s.store
  // Scores change after writes (re-scoring) and after actions: key on both.
  const generation = (instrument: string) => s.writeGeneration(instrument) * 1_000_003 + s.scoreGeneration()
  // Answers are kept as JSON and gzip (level 4, made once per answer): a cached answer costs neither encoding nor compression again.
  const cache = new SeriesCache<{ json: string; gz: Buffer }>(256, generation)
  const send = (c: Context, a: { json: string; gz: Buffer }, timing?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', vary: 'accept-encoding', ...(timing ? { 'server-timing': timing } : {}) }
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.body(new Uint8Array(a.gz), 200, { ...headers, 'content-encoding': 'gzip' })
    return c.body(a.json, 200, headers)
  }
  app.get('/', async (c) => {
    const p = parseQuery(c, SeriesQuery, ['setup'])
    const publicOnly = c.var.viewer.view === 'public'
    if (publicOnly && !s.publicView.param(p.instrument, p.param)) throw notPublic(p.instrument, p.param)
    const fromMs = timeParam('from', p.from)
    const toMs = timeParam('to', p.to)
    const key = JSON.stringify([p.instrument, p.param, p.setup, fromMs, toMs, p.maxPoints, publicOnly])
    const cached = cache.get(p.instrument, key)
    if (cached) return send(c, cached)
    const gen = generation(p.instrument)
    const t0 = performance.now()
    const series = await readSeries(store, { instrument: p.instrument, param: p.param, setups: p.setup, fromMs, toMs, maxPoints: p.maxPoints })
    const t2 = performance.now()
    const rules = s.rules.versions().filter((v) => v.instrument === p.instrument && v.rule.param === p.param).map((v) => ({
      id: v.id, version: v.version, type: v.rule.type, setup: v.rule.setup,
      from: v.fromMs > 0 ? new Date(v.fromMs).toISOString() : null, until: Number.isFinite(v.untilMs) ? new Date(v.untilMs).toISOString() : null,
      warning: v.rule.warning ?? null, critical: v.rule.critical ?? null, by: v.by ?? null, why: v.why ?? null,
    })).map((r) => (publicOnly ? publicRule(r) : r))
    const def = paramDef(s.catalogues(), p.instrument, p.param)
    const body = JSON.stringify({
      instrument: p.instrument,
      param: p.param,
      from: fromMs === undefined ? null : new Date(fromMs).toISOString(),
      to: toMs === undefined ? null : new Date(toMs).toISOString(),
      maxPoints: p.maxPoints,
      unit: def?.unit ?? '',
      reduced: series.some((x) => x.reduced),
      rules,
      // Columnar (as uPlot wants it): one array per field, index i is point i, time-ordered.
      series: series.map((x) => {
        const sc = x.scores
        return {
          setup: x.setup, count: x.count, reduced: x.reduced, bucketMs: x.bucketMs ?? null,
          t: x.points.map((pt) => pt.t), value: x.points.map((pt) => pt.value), product: x.points.map((pt) => pt.product),
          score: sc.map((v) => v.score), cause: sc.map((v) => v.cause),
          warnLo: sc.map((v) => v.limits[0]), warnHi: sc.map((v) => v.limits[1]), critLo: sc.map((v) => v.limits[2]), critHi: sc.map((v) => v.limits[3]),
          reference: sc.map((v) => v.reference),
        }
      }),
    })
    const answer = { json: body, gz: await gzipAsync(body, { level: 4 }) }
    // Only cache what no write overtook while it was being read.
    if (gen === generation(p.instrument)) cache.set(p.instrument, key, answer)
    // Where an uncached answer's time went (ms), for browsers' developer tools and the bench.
    const timing = `read;dur=${(t2 - t0).toFixed(1)}, encode;dur=${(performance.now() - t2).toFixed(1)}`
    return send(c, answer, timing)
  })
  return app
}
