import type { StoreClient } from './client.ts'
import { scoredValuesSql } from './score-sql.ts'
import type { Sample } from '../correlation/correlate.ts'

/** More values than this in one side of a correlation: the request must narrow its range or setup. */
export const MAX_SIDE_VALUES = 100_000

/**
 * One side of a correlation: a parameter's scored values (marked-false ones left out) in a time
 * range, of one setup or of all (''), time-ascending. At most MAX_SIDE_VALUES + 1 rows are read, so
 * the caller can tell "too many" without holding them all.
 */
export async function readSide(store: StoreClient, q: { instrument: string; param: string; setup: string; fromMs: number; toMs: number }): Promise<Sample[]> {
  const rs = await store.client.query({
    query: `SELECT toUnixTimestamp64Milli(ts) AS t, value, product
      FROM ${scoredValuesSql(store.database, `instrument = {i:String} AND param = {p:String} AND ({s:String} = '' OR setup = {s:String})
        AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`)}
      WHERE cause != 'excluded'
      ORDER BY ts LIMIT {limit:UInt32}`,
    query_params: { i: q.instrument, p: q.param, s: q.setup, from: q.fromMs, to: q.toMs, limit: MAX_SIDE_VALUES + 1 },
    format: 'JSONCompact', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  })
  return (await rs.json<[number, number, string]>()).data.map(([t, value, product]) => ({ t: Number(t), value, product }))
}
