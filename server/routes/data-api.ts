import { Hono, type Context } from 'hono'
import { stream } from 'hono/streaming'
import type { z } from 'zod'
import { CSV_HEADER, CSV_COLUMNS, csvLine, valuePages, ValuesQuery } from '../data-api/values-query.ts'
import { readStats, StatsQuery } from '../data-api/stats-query.ts'
import { zodDetails } from '../http/zod-details.ts'
import { ApiError } from '../http/api-error.ts'
import { tokensEqual } from '../http/bearer-token.ts'
import type { Services } from '../services.ts'
import { parseTime } from '../time/parse-time.ts'

function query<T extends z.ZodType>(c: Context, schema: T, lists: string[]): z.infer<T> {
  const raw = Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, lists.includes(k) ? v : v[v.length - 1]]))
  const r = schema.safeParse(raw)
  if (!r.success) {
    throw new ApiError(400, 'invalid_query', 'Invalid query parameters', zodDetails(r.error, 'parameter', '(query)'))
  }
  return r.data
}

function range(from?: string, to?: string): { fromMs: number; toMs: number } {
  const one = (name: string, v: string | undefined, dflt: number) => {
    if (!v) return dflt
    const t = parseTime(/^\d+(\.\d+)?$/.test(v) ? Number(v) : v)
    if ('error' in t) throw new ApiError(400, 'invalid_query', `${name}: ${t.error}`, [{ field: name, reason: t.error }])
    return t.ms
  }
  return { fromMs: one('from', from, 0), toMs: one('to', to, 8_000_000_000_000) }
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
export function dataApiRoute(s: Services, token: string): Hono {
  const app = new Hono()
  const authorised = (c: Context) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
    return !!m && tokensEqual(m[1], token)
  }
  app.get('/values', (c) => {
    const q = query(c, ValuesQuery, ['param', 'setup'])
    const r = range(q.from, q.to)
    const cat = s.catalogues().find((x) => x.instrument === q.instrument)
    const all = authorised(c)
    const type = { csv: 'text/csv; charset=utf-8', json: 'application/json', ndjson: 'application/x-ndjson' }[q.format]
    c.header('content-type', type)
    c.header('content-disposition', `inline; filename="${q.instrument}_qc1.${q.format}"`)
    return stream(c, async (out) => {
      let first = true
      if (q.format === 'csv') await out.write(`${CSV_HEADER}\n${CSV_COLUMNS.join(',')}\n`)
      if (q.format === 'json') await out.write('[')
      for await (const page of valuePages(s.store, { ...q, ...r }, cat, all)) {
        const text = q.format === 'csv' ? page.map(csvLine).join('\n') + '\n'
          : q.format === 'ndjson' ? page.map((v) => JSON.stringify(v)).join('\n') + '\n'
          : (first ? '' : ',') + page.map((v) => JSON.stringify(v)).join(',')
        first = false
        await out.write(text)
      }
      if (q.format === 'json') await out.write(']')
    })
  })
  app.get('/stats', async (c) => {
    const q = query(c, StatsQuery, ['setup'])
    const def = s.catalogues().find((x) => x.instrument === q.instrument)?.reports.flatMap((r) => r.params).find((p) => p.name === q.param)
    if (!authorised(c) && !def?.public) throw new ApiError(403, 'forbidden', `${q.param} of ${q.instrument} is not public; send the token`)
    const r = range(q.from, q.to)
    return c.json({ instrument: q.instrument, param: q.param, unit: def?.unit ?? '', by: q.by, buckets: await readStats(s.store, q, r.fromMs, r.toMs, s.nights.boundaryHour) })
  })
  return app
}
