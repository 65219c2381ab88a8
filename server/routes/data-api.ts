import { Hono, type Context } from 'hono'
import { stream } from 'hono/streaming'
import { CSV_HEADER, CSV_COLUMNS, ValuesQuery } from '../data-api/values-query.ts'
import { StatsQuery } from '../data-api/stats-query.ts'
import { valuePages } from '../store/values-read.ts'
import { readStats } from '../store/stats-read.ts'
import { parseQuery, timeParam } from '../http/query-params.ts'
import { notPublic } from '../access/public-view.ts'
import type { Services } from '../services.ts'
import { paramDef } from '../catalogue/param-def.ts'

function range(from?: string, to?: string): { fromMs: number; toMs: number } {
  return { fromMs: timeParam('from', from) ?? 0, toMs: timeParam('to', to) ?? 8_000_000_000_000 }
}

/**
 * The QC1 data API. `GET /api/v1/values` streams values (csv, json or ndjson) page
 * by page, so a 10-year export never builds in memory; public parameters without
 * a token, all of them with one. `GET /api/v1/stats` gives count, mean, median,
 * sigma, min, max per night, month or year.
 *
 * @example
 * curl 'http://127.0.0.1:8080/api/v1/values?instrument=UVES&param=ron_master&from=2024-01-01&format=csv'
 */
export function dataApiRoute(s: Services): Hono {
  const app = new Hono()
  const authorised = (c: Context) => c.var.viewer.view === 'full'
  app.get('/values', async (c) => {
    const q = parseQuery(c, ValuesQuery, ['param', 'setup'])
    const r = range(q.from, q.to)
    const cat = s.catalogues().find((x) => x.instrument === q.instrument)
    const pages = valuePages(s.store, { ...q, ...r }, cat, authorised(c), q.format === 'csv' ? 'csv' : 'ndjson')
    // The first page is read before the status is sent, so a failing query is a 5xx, not an empty 200.
    let page = await pages.next()
    const type = { csv: 'text/csv; charset=utf-8', json: 'application/json', ndjson: 'application/x-ndjson' }[q.format]
    c.header('content-type', type)
    // The file name is built from safe characters only: a name never becomes a header of its own.
    c.header('content-disposition', `inline; filename="${q.instrument.replace(/[^A-Za-z0-9_.-]/g, '_')}_qc1.${q.format}"`)
    return stream(c, async (out) => {
      if (q.format === 'csv') await out.write(`${CSV_HEADER}\n${CSV_COLUMNS.join(',')}\n`)
      if (q.format === 'json') await out.write('[')
      for (let first = true; !page.done; first = false, page = await pages.next()) {
        // JSON objects never hold a raw newline, so a page of lines becomes array items by replacing them.
        await out.write(q.format === 'json' ? (first ? '' : ',') + page.value.trimEnd().replaceAll('\n', ',') : page.value)
      }
      if (q.format === 'json') await out.write(']')
    }, async (e, out) => {
      // Too late for a status: end with a line no parser takes for data (and an invalid JSON document).
      s.log.error('GET /api/v1/values failed while streaming', { error: e.message })
      await out.write(`\n# ERROR: the export stopped early: ${e.message}\n`)
    })
  })
  app.get('/stats', async (c) => {
    const q = parseQuery(c, StatsQuery, ['setup'])
    const def = paramDef(s.catalogues(), q.instrument, q.param)
    if (!authorised(c) && !s.publicView.param(q.instrument, q.param)) throw notPublic(q.instrument, q.param)
    const r = range(q.from, q.to)
    return c.json({ instrument: q.instrument, param: q.param, unit: def?.unit ?? '', by: q.by, buckets: await readStats(s.store, q, r.fromMs, r.toMs, s.nights.boundaryHour) })
  })
  return app
}
