import type { StoreClient } from '../store/client.ts'

export interface SeriesPoint {
  /** Observation time, Unix ms (UTC). */
  t: number
  value: number
  product: string
}

export interface Series {
  setup: string
  /** Number of stored values in the range. */
  count: number
  /** True when `points` is the per-bucket min/max reduction rather than every value. */
  reduced: boolean
  /** Bucket width in ms when reduced. */
  bucketMs?: number
  points: SeriesPoint[]
}

export interface SeriesRequest {
  instrument: string
  param: string
  /** Empty: every setup of the parameter. */
  setups: string[]
  fromMs?: number
  toMs?: number
  maxPoints: number
}

/** Filter for one parameter and time range; `setup IN` (not has()) lets the primary key skip other setups. */
const where = (allSetups: boolean) => `instrument = {instrument:String} AND param = {param:String}
  ${allSetups ? '' : 'AND setup IN {setups:Array(String)}'}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')`

type Row = [string, string, number, string, number]

/**
 * Reads one parameter's trend, one series per setup, time-ordered. A series with
 * more than `maxPoints` values is reduced in ClickHouse to each time bucket's
 * minimum and maximum, so an outlier never disappears from a plot.
 *
 * One query in the common case: it reads at most maxPoints + 1 values per setup;
 * only a setup that overflows costs a second, reducing query.
 *
 * @example
 * const series = await readSeries(store, { instrument: 'UVES', param: 'ron_master', setups: [], maxPoints: 2000 })
 */
export async function readSeries(store: StoreClient, req: SeriesRequest): Promise<Series[]> {
  const params = {
    instrument: req.instrument, param: req.param, setups: req.setups,
    from: req.fromMs ?? 0, to: req.toMs ?? 8_000_000_000_000, limit: req.maxPoints + 1,
  }
  // No FINAL (it costs ~2x on a store with several parts): a preliminary value not yet
  // merged away sits next to its final one in (setup, ts, product) order, and the
  // higher status wins below. The ORDER BY follows the sorting key, so it reads in order.
  const rs = await store.client.query({
    query: `SELECT setup, toUnixTimestamp64Milli(ts), value, product, status FROM ${store.database}.qc_values
      WHERE ${where(req.setups.length === 0)} ORDER BY setup, ts, product LIMIT {limit:UInt32} BY setup`,
    query_params: params,
    format: 'JSONCompact', // one JSON document: one JSON.parse instead of one per row
  })
  const out = new Map<string, Series>()
  let prev: Row | null = null
  for (const row of (await rs.json<Row>()).data) {
    const [setup, t, value, product] = row
    let s = out.get(setup)
    if (!s) out.set(setup, (s = { setup, count: 0, reduced: false, points: [] }))
    if (prev && prev[0] === setup && prev[1] === t && prev[3] === product) {
      if (prev[4] >= row[4]) continue
      s.points.pop()
    }
    s.points.push({ t: Number(t), value, product })
    prev = row
  }
  const overflowing = [...out.values()].filter((s) => s.points.length > req.maxPoints)
  for (const s of out.values()) s.count = s.points.length
  if (overflowing.length > 0) await reduce(store, { ...params, setups: overflowing.map((s) => s.setup) }, req.maxPoints, out)
  return [...out.values()]
}

/**
 * Replaces the points of the given setups by per-bucket min and max, computed
 * in ClickHouse in one query: each setup's span (count, first time) and bucket
 * width (ms; maxPoints / 2 buckets across its own span) join its values.
 */
async function reduce(store: StoreClient, params: Record<string, unknown>, maxPoints: number, out: Map<string, Series>) {
  const db = store.database
  const rs = await store.client.query({
    query: `SELECT v.setup, s.n, s.width, intDiv(toUnixTimestamp64Milli(v.ts) - s.lo, s.width) AS b,
        argMin((toUnixTimestamp64Milli(v.ts), v.value, v.product), v.value),
        argMax((toUnixTimestamp64Milli(v.ts), v.value, v.product), v.value)
      FROM ${db}.qc_values AS v FINAL
      INNER JOIN (SELECT setup, count() AS n, toUnixTimestamp64Milli(min(ts)) AS lo,
          greatest(1, intDiv(toUnixTimestamp64Milli(max(ts)) - lo + {buckets:UInt32}, {buckets:UInt32})) AS width
        FROM ${db}.qc_values FINAL WHERE ${where(false)} GROUP BY setup) AS s ON v.setup = s.setup
      WHERE v.instrument = {instrument:String} AND v.param = {param:String} AND v.setup IN {setups:Array(String)}
        AND v.ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND v.ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
      GROUP BY v.setup, s.n, s.width, b ORDER BY v.setup, b`,
    query_params: { ...params, buckets: Math.max(1, Math.floor(maxPoints / 2)) },
    format: 'JSONCompactEachRow',
  })
  type P = [string, number, string]
  for (const s of out.values()) if (s.points.length > maxPoints) Object.assign(s, { reduced: true, points: [] })
  for (const [setup, n, width, , a, b] of await rs.json<[string, string, string, string, P, P]>()) {
    const series = out.get(setup)!
    Object.assign(series, { count: Number(n), bucketMs: Number(width) })
    const pa = { t: Number(a[0]), value: a[1], product: a[2] }
    const pb = { t: Number(b[0]), value: b[1], product: b[2] }
    if (pa.t === pb.t && pa.product === pb.product) series.points.push(pa)
    else series.points.push(...(pa.t <= pb.t ? [pa, pb] : [pb, pa]))
  }
}
