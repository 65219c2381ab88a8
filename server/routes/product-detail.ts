import { Hono } from 'hono'
import { ApiError } from '../http/api-error.ts'
import { scoreName } from '../scoring/score.ts'
import type { Services } from '../services.ts'
import { readComments, readProductAttributes, readProductComments, readProductFlags, readProductValues } from '../store/products-store.ts'

/**
 * `GET /api/v1/products/{product}?instrument=` — every QC value of one product
 * with its score, the product's roll-up and provenance, and comments on it.
 * `GET /api/v1/comments?instrument=&from=&to=` — comments for plot markers.
 * Public readers see public parameters and comments not marked internal only.
 *
 * @example
 * GET /api/v1/products/UVES.2024-03-01T10:05:00.000.fits?instrument=UVES
 */
export function productDetailRoute(s: Services): Hono {
  const app = new Hono()
  app.get('/products/:product', async (c) => {
    const product = c.req.param('product')
    const instrument = c.req.query('instrument') ?? ''
    const publicOnly = c.var.viewer.view === 'public'
    const all = await readProductValues(s.store, product, instrument)
    const rows = publicOnly ? all.filter((r) => s.publicView.param(r.instrument, r.param)) : all
    if (rows.length === 0) throw new ApiError(404, 'not_found', `No product ${product}`)
    const comments = (await readProductComments(s.store, product, instrument)).filter((x) => !publicOnly || s.publicView.comment(x.instrument, x))
    const flags = new Map((await readProductFlags(s.store, product, instrument)).map((f) => [`${f.param}\u0000${f.setup}`, f]))
    const first = rows[0]
    // Every file that contributed values (MUSE's per-IFU files and their merged file are one product), with its provenance.
    const sources = new Map<string, { file: string | null; proCatg: string | null; recipe: string | null; pipeline: string | null; values: number }>()
    for (const r of rows) {
      const k = [r.file, r.proCatg, r.recipe, r.pipeline].join('\u0000')
      const src = sources.get(k) ?? { file: r.file || null, proCatg: r.proCatg || null, recipe: r.recipe || null, pipeline: r.pipeline || null, values: 0 }
      src.values++
      sources.set(k, src)
    }
    return c.json({
      product, instrument, report: first.report, ts: new Date(first.t).toISOString(),
      file: first.file || null, proCatg: first.proCatg || null, recipe: first.recipe || null, pipeline: first.pipeline || null,
      sources: [...sources.values()],
      // Text and logical QC cards (QC DID, QC TEST1 ID): what the product says of itself, not trended.
      attributes: publicOnly ? [] : await readProductAttributes(s.store, product, instrument),
      values: rows.map((r) => {
        const f = flags.get(`${r.param}\u0000${r.setup}`)
        // Who marked a value false is the audit log's business: public readers see only that it was.
        const flagged = f ? (publicOnly ? { at: f.at } : { by: f.by, at: f.at, why: f.why }) : null
        return { param: r.param, setup: r.setup, value: r.value, score: r.cause ? scoreName(r.score) : 'grey', cause: r.cause || 'pending', flagged }
      }),
      comments: comments.map(({ kind, text, by, at, param, setup, internal }) => ({ kind, text, by, at, param, setup, internal })),
    })
  })
  app.get('/comments', async (c) => {
    const publicOnly = c.var.viewer.view === 'public'
    const rows = (await readComments(s.store, c.req.query('instrument') ?? '')).filter((r) => !publicOnly || s.publicView.comment(r.instrument, r))
    return c.json({ comments: rows })
  })
  return app
}
