import type { StoreClient } from './client.ts'

/** What a statistics read needs (the API's StatsQuery, validated at the edge). */
export interface StatsRequest { instrument: string; param: string; setup: string[]; by: 'night' | 'month' | 'year' }

/** How many of a bucket's values have each score; `pending`: not scored yet. */
export interface ScoreCounts { green: number; yellow: number; red: number; grey: number; pending: number }

/**
 * Count, mean, median, sigma, min and max per setup and bucket (observatory
 * night, month or year), computed in ClickHouse over values not marked false,
 * with the counts of their newest scores (how many red in a year, in one query).
 *
 * @example
 * await readStats(store, { instrument: 'UVES', param: 'ron_master', setup: [], by: 'year' }, 0, Date.now(), 21)
 */
export async function readStats(store: StoreClient, q: StatsRequest, fromMs: number, toMs: number, boundaryHour: number) {
  const st = statsSql(store.database, q, fromMs, toMs, boundaryHour)
  const rs = await store.client.query({ ...st, format: 'JSONEachRow' })
  type Row = { setup: string; bucket: string; count: string; mean: number; median: number; sigma: number | null; min: number; max: number } & Record<keyof ScoreCounts, string>
  return (await rs.json<Row>()).map(({ green, yellow, red, grey, pending, ...r }) => ({
    ...r, count: Number(r.count), sigma: r.sigma === null || Number.isNaN(r.sigma) ? null : r.sigma,
    scores: { green: Number(green), yellow: Number(yellow), red: Number(red), grey: Number(grey), pending: Number(pending) } satisfies ScoreCounts,
  }))
}

/** The same statistics as one Parquet file written by the engine, streamed (one row per setup and bucket: small). */
export async function statsParquet(store: StoreClient, q: StatsRequest, fromMs: number, toMs: number, boundaryHour: number): Promise<NodeJS.ReadableStream> {
  const st = statsSql(store.database, q, fromMs, toMs, boundaryHour)
  return (await store.client.exec({ query: `${st.query} FORMAT Parquet`, query_params: st.query_params, clickhouse_settings: st.clickhouse_settings })).stream
}

function statsSql(db: string, q: StatsRequest, fromMs: number, toMs: number, boundaryHour: number) {
  const bucket = { night: 'toString(toDate(fromUnixTimestamp64Milli(toUnixTimestamp64Milli(v.ts) - {off:Int64}, \'UTC\')))', month: "formatDateTime(v.ts, '%Y-%m')", year: 'toString(toYear(v.ts))' }[q.by]
  return {
    query: `SELECT v.setup AS setup, ${bucket} AS bucket, count() AS count, avg(v.value) AS mean, quantileExact(0.5)(v.value) AS median,
        if(count() > 1, stddevSamp(v.value), nan) AS sigma, min(v.value) AS min, max(v.value) AS max,
        countIf(sc.score = 1) AS green, countIf(sc.score = 2) AS yellow, countIf(sc.score = 3) AS red,
        countIf(sc.score = 0 AND sc.cause != '') AS grey, countIf(sc.cause = '') AS pending
      FROM (SELECT setup, ts, product, value FROM ${db}.qc_values FINAL
        WHERE instrument = {i:String} AND param = {p:String} AND (empty({setups:Array(String)}) OR setup IN {setups:Array(String)})
          AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
          AND (setup, ts, product) NOT IN (SELECT setup, ts, product FROM ${db}.qc_flags FINAL WHERE instrument = {i:String} AND param = {p:String} AND flag = 1)) AS v
      LEFT JOIN (SELECT setup, ts, product, score, cause FROM ${db}.qc_scores FINAL
        WHERE instrument = {i:String} AND param = {p:String} AND (empty({setups:Array(String)}) OR setup IN {setups:Array(String)})
          AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')) AS sc
        ON v.setup = sc.setup AND v.ts = sc.ts AND v.product = sc.product
      GROUP BY setup, bucket ORDER BY setup, bucket`,
    // An unscored value joins no row: score 0 and cause '' (not NULL), counted as pending.
    clickhouse_settings: { join_use_nulls: 0 as const },
    query_params: { i: q.instrument, p: q.param, setups: q.setup, from: fromMs, to: toMs, off: boundaryHour * 3_600_000 },
  }
}
