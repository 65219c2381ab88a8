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

/** Rows per page: a page is read, written to the response and dropped, so memory stays flat. */
const PAGE = 10_000
const SCORE = ['grey', 'green', 'yellow', 'red']

/**
 * Reads the values of a query page by page in key order (keyset pagination on
 * the primary key), with scores and false-value flags; only public parameters
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
  let after: [string, string, number, string] | null = null
  const db = store.database
  for (;;) {
    const rs: { json<T>(): Promise<{ data: T[] }> } = await store.client.query({
      query: `SELECT v.param, v.setup, v.report, toUnixTimestamp64Milli(v.ts) AS t, v.value, v.product, v.status,
          s.score, s.cause, f.flag
        FROM (
          SELECT param, setup, report, ts, value, product, status FROM ${db}.qc_values FINAL
          WHERE instrument = {i:String}
            AND (empty({params:Array(String)}) OR param IN {params:Array(String)})
            AND ({report:String} = '' OR report = {report:String})
            AND (empty({setups:Array(String)}) OR setup IN {setups:Array(String)})
            AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
            AND ({has_after:UInt8} = 0 OR (param, setup, ts, product) > ({ap:String}, {as:String}, fromUnixTimestamp64Milli({at:Int64}, 'UTC'), {apr:String}))
          ORDER BY param, setup, ts, product LIMIT {page:UInt32}) AS v
        LEFT JOIN (SELECT param, setup, ts, product, argMax(score, scored_at) AS score, argMax(cause, scored_at) AS cause
          FROM ${db}.qc_scores WHERE instrument = {i:String} AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
            AND (empty({params:Array(String)}) OR param IN {params:Array(String)})
          GROUP BY param, setup, ts, product) AS s USING (param, setup, ts, product)
        LEFT JOIN (SELECT param, setup, ts, product, flag FROM ${db}.qc_flags FINAL WHERE instrument = {i:String}) AS f USING (param, setup, ts, product)
        ORDER BY v.param, v.setup, v.ts, v.product`,
      query_params: {
        i: q.instrument, params, report: q.report ?? '', setups: q.setup,
        from: q.fromMs, to: q.toMs, has_after: after ? 1 : 0, ap: after?.[0] ?? '', as: after?.[1] ?? '', at: after?.[2] ?? 0, apr: after?.[3] ?? '', page: PAGE,
      },
      format: 'JSONCompact',
    })
    type Row = [string, string, string, string, number, string, number, number, string, number]
    const rows: Row[] = (await rs.json<Row>()).data
    if (rows.length === 0) return
    yield rows.map(([param, setup, report, t, value, product, status, score, cause, flag]) => ({
      instrument: q.instrument, report, param, setup, unit: defs.get(param)?.unit ?? '', ts: new Date(Number(t)).toISOString(),
      mjd: Number((Number(t) / 86_400_000 + 40587).toFixed(8)), value, product, status: status === 1 ? 'preliminary' : 'final',
      score: cause ? SCORE[score] : 'grey', cause: cause || 'pending', flagged: flag === 1,
    }))
    if (rows.length < PAGE) return
    const last = rows[rows.length - 1]
    after = [last[0], last[1], Number(last[3]), last[5]]
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
