import { z } from 'zod'
import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { StoreClient } from '../store/client.ts'

/** Query of the QC1 data API (the query forms of a QC1 database, for programs). */
export const ValuesQuery = z.strictObject({
  instrument: z.string().min(1),
  report: z.string().min(1).optional(),
  param: z.array(z.string().min(1)).default([]),
  setup: z.array(z.string().min(1)).default([]),
  from: z.string().optional(),
  to: z.string().optional(),
  format: z.enum(['csv', 'json', 'ndjson']).default('csv'),
})
export type ValuesQuery = z.infer<typeof ValuesQuery>

export interface ValueRecord {
  instrument: string; report: string; param: string; setup: string; unit: string; ts: string; mjd: number
  value: number; product: string; status: string; score: string; cause: string; flagged: boolean
}

/** Rows per page, on average: a page is read, written to the response and dropped, so memory stays flat. */
const PAGE = 10_000
const SCORE = ['grey', 'green', 'yellow', 'red']

/**
 * Reads the values of a query page by page (time windows), with scores and
 * false-value flags; only public parameters
 * unless `all`. Yields pages until the query is exhausted.
 *
 * @example
 * for await (const page of valuePages(store, q, catalogue, false)) write(page)
 */
export async function* valuePages(store: StoreClient, q: ValuesQuery & { fromMs: number; toMs: number }, cat: InstrumentCatalogue | undefined, all: boolean): AsyncGenerator<ValueRecord[]> {
  const defs = new Map(cat?.reports.flatMap((r) => r.params.map((p) => [p.name, { report: r.name, unit: p.unit, public: p.public }])) ?? [])
  const allowed = all ? null : [...defs].filter(([, d]) => d.public).map(([name]) => name)
  const params = q.param.length ? q.param.filter((p) => !allowed || allowed.includes(p)) : allowed ?? []
  if (!all && params.length === 0) return
  const db = store.database
  const base = { i: q.instrument, params, report: q.report ?? '', setups: q.setup }
  const filter = `instrument = {i:String}
    AND (empty({params:Array(String)}) OR param IN {params:Array(String)})
    AND ({report:String} = '' OR report = {report:String})
    AND (empty({setups:Array(String)}) OR setup IN {setups:Array(String)})`
  const span = await store.client.query({
    query: `SELECT toUnixTimestamp64Milli(min(ts)) AS lo, toUnixTimestamp64Milli(max(ts)) AS hi, count() AS n FROM ${db}.qc_values
      WHERE ${filter} AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
    query_params: { ...base, from: q.fromMs, to: q.toMs }, format: 'JSONEachRow',
  })
  const [{ lo, hi, n }] = await span.json<{ lo: string; hi: string; n: string }>()
  if (Number(n) === 0) return
  // Pages are time windows of the primary key's ts (a month, or less when dense), so every
  // page reads only its granules and memory stays flat whatever the range.
  const step = Math.max(86_400_000, Math.floor(((Number(hi) - Number(lo) + 1) / Number(n)) * PAGE))
  for (let a = Number(lo); a <= Number(hi); a += step) {
    const b = Math.min(a + step - 1, Number(hi), q.toMs)
    const window = { ...base, from: a, to: b }
    const rs: { json<T>(): Promise<{ data: T[] }> } = await store.client.query({
      query: `SELECT param, setup, report, toUnixTimestamp64Milli(ts) AS t, value, product, status FROM ${db}.qc_values FINAL
        WHERE ${filter} AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        ORDER BY param, setup, ts, product`,
      query_params: window, format: 'JSONCompact',
    })
    type Row = [string, string, string, string, number, string, number]
    const rows: Row[] = (await rs.json<Row>()).data
    if (rows.length === 0) continue
    const sc = await store.client.query({
      query: `SELECT param, setup, toUnixTimestamp64Milli(ts), product, argMax(score, scored_at), argMax(cause, scored_at) FROM ${db}.qc_scores
        WHERE ${filter.replace(/AND \({report:String}[^)]*\)/, '')} AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        GROUP BY param, setup, ts, product
        UNION ALL
        SELECT param, setup, toUnixTimestamp64Milli(ts), product, 255, toString(flag) FROM ${db}.qc_flags FINAL
        WHERE instrument = {i:String} AND flag = 1 AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
      query_params: window, format: 'JSONCompact',
    })
    const scores = new Map<string, [number, string]>(), flagged = new Set<string>()
    for (const [p, st, t, pr, score, cause] of (await sc.json<[string, string, string, string, number, string]>()).data) {
      const k = `${p}\u0000${st}\u0000${t}\u0000${pr}`
      if (score === 255) flagged.add(k)
      else scores.set(k, [score, cause])
    }
    yield rows.map(([param, setup, report, t, value, product, status]) => {
      const k = `${param}\u0000${setup}\u0000${t}\u0000${product}`
      const [score, cause] = scores.get(k) ?? [0, '']
      return {
        instrument: q.instrument, report, param, setup, unit: defs.get(param)?.unit ?? '', ts: new Date(Number(t)).toISOString(),
        mjd: Number((Number(t) / 86_400_000 + 40587).toFixed(8)), value, product, status: status === 1 ? 'preliminary' : 'final',
        score: cause ? SCORE[score] : 'grey', cause: cause || 'pending', flagged: flagged.has(k),
      }
    })
  }
}

export const CSV_COLUMNS = ['instrument', 'report', 'param', 'setup', 'unit', 'ts', 'mjd', 'value', 'product', 'status', 'score', 'cause', 'flagged'] as const
export const CSV_HEADER = '# instrument, report (data type), param (QC1 parameter), setup, unit, ts (observation time, UTC ISO 8601), mjd (Modified Julian Date),'
  + ' value, product (file), status (preliminary|final), score (green|yellow|red|grey), cause (why), flagged (marked false by QC)'

export function csvLine(r: ValueRecord): string {
  return CSV_COLUMNS.map((k) => {
    const v = String(r[k])
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
  }).join(',')
}
