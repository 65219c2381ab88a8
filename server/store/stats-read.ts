import type { StoreClient } from './client.ts'

/** What a statistics read needs (the API's StatsQuery, validated at the edge). */
export interface StatsRequest { instrument: string; param: string; setup: string[]; by: 'night' | 'month' | 'year' }

/**
 * Count, mean, median, sigma, min and max per setup and bucket (observatory
 * night, month or year), computed in ClickHouse over values not marked false.
 *
 * @example
 * await readStats(store, { instrument: 'UVES', param: 'ron_master', setup: [], by: 'year' }, 0, Date.now(), 21)
 */
export async function readStats(store: StoreClient, q: StatsRequest, fromMs: number, toMs: number, boundaryHour: number) {
  const bucket = { night: 'toString(toDate(fromUnixTimestamp64Milli(toUnixTimestamp64Milli(ts) - {off:Int64}, \'UTC\')))', month: "formatDateTime(ts, '%Y-%m')", year: 'toString(toYear(ts))' }[q.by]
  const db = store.database
  const rs = await store.client.query({
    query: `SELECT setup, ${bucket} AS bucket, count() AS count, avg(value) AS mean, quantileExact(0.5)(value) AS median,
        if(count() > 1, stddevSamp(value), nan) AS sigma, min(value) AS min, max(value) AS max
      FROM ${db}.qc_values FINAL
      WHERE instrument = {i:String} AND param = {p:String} AND (empty({setups:Array(String)}) OR setup IN {setups:Array(String)})
        AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND (setup, ts, product) NOT IN (SELECT setup, ts, product FROM ${db}.qc_flags FINAL WHERE instrument = {i:String} AND param = {p:String} AND flag = 1)
      GROUP BY setup, bucket ORDER BY setup, bucket`,
    query_params: { i: q.instrument, p: q.param, setups: q.setup, from: fromMs, to: toMs, off: boundaryHour * 3_600_000 },
    format: 'JSONEachRow',
  })
  const rows = await rs.json<{ setup: string; bucket: string; count: string; mean: number; median: number; sigma: number | null; min: number; max: number }>()
  return rows.map((r) => ({ ...r, count: Number(r.count), sigma: r.sigma === null || Number.isNaN(r.sigma) ? null : r.sigma }))
}
