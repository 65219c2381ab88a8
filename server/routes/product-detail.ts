import { Hono } from 'hono'
import { ApiError } from '../http/api-error.ts'
import { scoreName } from '../scoring/score.ts'
import type { Services } from '../services.ts'

/**
 * `GET /api/v1/products/{product}?instrument=` — every QC value of one product
 * with its score, the product's roll-up and provenance, and comments on it.
 * `GET /api/v1/comments?instrument=&from=&to=` — comments for plot markers.
 *
 * @example
 * GET /api/v1/products/UVES.2024-03-01T10:05:00.000.fits?instrument=UVES
 */
export function productDetailRoute(s: Services): Hono {
  const app = new Hono()
  const db = s.store.database
  app.get('/products/:product', async (c) => {
    const product = c.req.param('product')
    const instrument = c.req.query('instrument') ?? ''
    const rs = await s.store.client.query({
      query: `SELECT v.instrument AS instrument, v.param, v.setup, v.report, toUnixTimestamp64Milli(v.ts) AS t, v.value, v.file, v.pro_catg, v.recipe, v.pipeline,
          sc.score, sc.cause
        FROM ${db}.qc_values AS v FINAL
        LEFT JOIN (SELECT param, setup, ts, product, argMax(score, scored_at) AS score, argMax(cause, scored_at) AS cause
          FROM ${db}.qc_scores WHERE product = {p:String} AND ({i:String} = '' OR instrument = {i:String}) GROUP BY param, setup, ts, product) AS sc
          ON v.param = sc.param AND v.setup = sc.setup AND v.ts = sc.ts AND v.product = sc.product
        WHERE v.product = {p:String} AND ({i:String} = '' OR v.instrument = {i:String})
        ORDER BY v.param, v.setup`,
      query_params: { p: product, i: instrument }, format: 'JSONEachRow',
    })
    const publicOnly = c.var.viewer.view === 'public'
    const all = await rs.json<{ instrument: string; param: string; setup: string; report: string; t: string; value: number; file: string; pro_catg: string; recipe: string; pipeline: string; score: number; cause: string }>()
    const rows = publicOnly ? all.filter((r) => s.publicView.param(r.instrument, r.param)) : all
    if (rows.length === 0) throw new ApiError(404, 'not_found', `No product ${product}`)
    const comments = await s.store.client.query({
      query: `SELECT instrument, kind, text, by, toString(at) AS at, param, setup, internal FROM ${db}.qc_comments WHERE product = {p:String} AND ({i:String} = '' OR instrument = {i:String}) ORDER BY at`,
      query_params: { p: product, i: instrument }, format: 'JSONEachRow',
    })
    // Values marked false, with who, when and why (qc_flags: newest judgement per value wins).
    const flagRs = await s.store.client.query({
      query: `SELECT param, setup, by, why, toString(at) AS at FROM ${db}.qc_flags FINAL WHERE product = {p:String} AND ({i:String} = '' OR instrument = {i:String}) AND flag = 1`,
      query_params: { p: product, i: instrument }, format: 'JSONEachRow',
    })
    const flags = new Map((await flagRs.json<{ param: string; setup: string; by: string; why: string; at: string }>()).map((f) => [`${f.param}\u0000${f.setup}`, f]))
    const first = rows[0]
    return c.json({
      product, instrument, report: first.report, ts: new Date(Number(first.t)).toISOString(),
      file: first.file || null, proCatg: first.pro_catg || null, recipe: first.recipe || null, pipeline: first.pipeline || null,
      values: rows.map((r) => {
        const f = flags.get(`${r.param}\u0000${r.setup}`)
        // Who marked a value false is the audit log's business: public readers see only that it was.
        const flagged = f ? (publicOnly ? { at: f.at } : { by: f.by, at: f.at, why: f.why }) : null
        return { param: r.param, setup: r.setup, value: r.value, score: r.cause ? scoreName(r.score) : 'grey', cause: r.cause || 'pending', flagged }
      }),
      comments: (await comments.json<{ instrument: string; param: string; internal: number }>()).filter((x) => !publicOnly || s.publicView.comment(x.instrument, x)).map(({ internal, ...x }) => ({ ...x, internal: Number(internal) === 1 })),
    })
  })
  app.get('/comments', async (c) => {
    const rs = await s.store.client.query({
      query: `SELECT kind, instrument, report, param, setup, toUnixTimestamp64Milli(ts) AS t, product, text, by, toString(at) AS at
          , internal FROM ${db}.qc_comments WHERE instrument = {i:String} ORDER BY ts`,
      query_params: { i: c.req.query('instrument') ?? '' }, format: 'JSONEachRow',
    })
    const publicOnly = c.var.viewer.view === 'public'
    const rows = (await rs.json<{ t: string; instrument: string; param: string; internal: number }>()).filter((r) => !publicOnly || s.publicView.comment(r.instrument, r))
    return c.json({ comments: rows.map((r) => ({ ...r, t: Number(r.t), internal: Number(r.internal) === 1 })) })
  })
  return app
}
