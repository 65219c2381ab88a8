import { Hono, type Context } from 'hono'
import { stream } from 'hono/streaming'
import { CSV_HEADER, CSV_COLUMNS, ValuesQuery } from '../data-api/values-query.ts'
import { StatsQuery } from '../data-api/stats-query.ts'
import { MAX_PARQUET_VALUES, valuePages, valuesParquet, type ValuesRequest } from '../store/values-read.ts'
import { Readable } from 'node:stream'
import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import { ApiError } from '../http/api-error.ts'
import { VOTABLE_TAIL, votableHead, votableRow } from '../data-api/votable.ts'
import { statsFields, valueFields } from '../data-api/value-fields.ts'
import { readStats, statsParquet } from '../store/stats-read.ts'
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
  const fileName = (instrument: string, what: string, ext: string) => `inline; filename="${instrument.replace(/[^A-Za-z0-9_.-]/g, '_')}_${what}.${ext}"`
  app.get('/values', async (c) => {
    const q = parseQuery(c, ValuesQuery, ['param', 'setup'])
    const r = range(q.from, q.to)
    const cat = s.catalogues().find((x) => x.instrument === q.instrument)
    if (q.format === 'parquet') return parquetValues(c, { ...q, ...r }, cat)
    const pages = valuePages(s.store, { ...q, ...r }, cat, authorised(c), q.format === 'csv' ? 'csv' : 'ndjson')
    // The first page is read before the status is sent, so a failing query is a 5xx, not an empty 200.
    let page = await pages.next()
    const type = { csv: 'text/csv; charset=utf-8', json: 'application/json', ndjson: 'application/x-ndjson', votable: 'application/x-votable+xml' }[q.format]
    c.header('content-type', type)
    // The file name is built from safe characters only: a name never becomes a header of its own.
    c.header('content-disposition', fileName(q.instrument, 'qc1', q.format === 'votable' ? 'vot' : q.format))
    if (q.format === 'votable') {
      const units = new Set((q.param.length ? q.param : cat?.reports.flatMap((x) => x.params.map((p) => p.name)) ?? []).map((p) => paramDef(s.catalogues(), q.instrument, p)?.unit ?? ''))
      const fields = valueFields(units.size === 1 ? [...units][0] : '')
      return stream(c, async (out) => {
        await out.write(votableHead(`${q.instrument} QC1 values`, `QC1 values of ${q.instrument} from qcloop`, fields, { instrument: q.instrument }))
        for (; !page.done; page = await pages.next()) {
          await out.write(page.value.trimEnd().split('\n').map((l) => { const o = JSON.parse(l) as Record<string, unknown>; return votableRow(fields, fields.map((f) => o[f.name])) }).join(''))
        }
        await out.write(VOTABLE_TAIL)
      }, async (e, out) => {
        s.log.error('GET /api/v1/values failed while streaming', { error: e.message })
        await out.write(`<!-- ERROR: the export stopped early -->\n`)
      })
    }
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
    if (q.format === 'parquet') {
      const body = await statsParquet(s.store, q, r.fromMs, r.toMs, s.nights.boundaryHour)
      return c.body(Readable.toWeb(Readable.from(body)) as ReadableStream, 200, { 'content-type': PARQUET, 'content-disposition': fileName(q.instrument, `${q.param}_stats`, 'parquet') })
    }
    const buckets = await readStats(s.store, q, r.fromMs, r.toMs, s.nights.boundaryHour)
    if (q.format === 'votable') {
      const fields = statsFields(def?.unit ?? '')
      const rows = buckets.map((b) => votableRow(fields, [b.setup, b.bucket, b.count, b.mean, b.median, b.sigma, b.min, b.max, b.scores.green, b.scores.yellow, b.scores.red, b.scores.grey, b.scores.pending])).join('')
      return c.body(votableHead(`${q.instrument} ${q.param} by ${q.by}`, `Statistics of ${q.param} per setup and ${q.by}`, fields, { instrument: q.instrument, param: q.param }) + rows + VOTABLE_TAIL, 200,
        { 'content-type': 'application/x-votable+xml', 'content-disposition': fileName(q.instrument, `${q.param}_stats`, 'vot') })
    }
    return c.json({ instrument: q.instrument, param: q.param, unit: def?.unit ?? '', by: q.by, buckets })
  })

  /** The values as one Parquet file from the engine, streamed; over MAX_PARQUET_VALUES the request must narrow. */
  async function parquetValues(c: Context, q: ValuesRequest, cat: InstrumentCatalogue | undefined) {
    const pq = await valuesParquet(s.store, q, cat, authorised(c))
    if ('tooMany' in pq) throw new ApiError(400, 'too_many_values', `${pq.tooMany} values match; a Parquet answer holds at most ${MAX_PARQUET_VALUES}: narrow from/to, param or setup`, [{ field: 'format', reason: 'too many values for parquet' }])
    return c.body(Readable.toWeb(Readable.from(pq.stream)) as ReadableStream, 200, { 'content-type': PARQUET, 'content-disposition': fileName(q.instrument, 'qc1', 'parquet') })
  }
  return app
}

const PARQUET = 'application/vnd.apache.parquet'
