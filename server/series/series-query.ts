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

/** Replaces the points of the given setups by per-bucket min and max, computed in ClickHouse. */
async function reduce(store: StoreClient, params: Record<string, unknown>, maxPoints: number, out: Map<string, Series>) {
  const db = store.database
  const spanRs = await store.client.query({
    query: `SELECT setup, count(), toUnixTimestamp64Milli(min(ts)), toUnixTimestamp64Milli(max(ts))
      FROM ${db}.qc_values FINAL WHERE ${where(false)} GROUP BY setup ORDER BY setup`,
    query_params: params,
    format: 'JSONCompactEachRow',
  })
  const spans = (await spanRs.json<[string, string, string, string]>()).map(([setup, n, lo, hi]) => {
    // Two points (min and max) per bucket: maxPoints / 2 buckets across the series' own span, in ms.
    const width = Math.max(1, Math.ceil((Number(hi) - Number(lo) + 1) / Math.max(1, Math.floor(maxPoints / 2))))
    return { setup, n: Number(n), lo: Number(lo), width }
  })
  const rs = await store.client.query({
    query: `SELECT setup, intDiv(toUnixTimestamp64Milli(ts) - {los:Array(Int64)}[indexOf({setups:Array(String)}, setup)],
          {widths:Array(Int64)}[indexOf({setups:Array(String)}, setup)]) AS b,
        argMin((toUnixTimestamp64Milli(ts), value, product), value),
        argMax((toUnixTimestamp64Milli(ts), value, product), value)
      FROM ${db}.qc_values FINAL WHERE ${where(false)}
      GROUP BY setup, b ORDER BY setup, b`,
    query_params: { ...params, setups: spans.map((x) => x.setup), los: spans.map((x) => x.lo), widths: spans.map((x) => x.width) },
    format: 'JSONCompactEachRow',
  })
  for (const span of spans) {
    Object.assign(out.get(span.setup)!, { reduced: true, count: span.n, bucketMs: span.width, points: [] })
  }
  type P = [string, number, string]
  for (const [setup, , a, b] of await rs.json<[string, string, P, P]>()) {
    const points = out.get(setup)!.points
    const pa = { t: Number(a[0]), value: a[1], product: a[2] }
    const pb = { t: Number(b[0]), value: b[1], product: b[2] }
    if (pa.t === pb.t && pa.product === pb.product) points.push(pa)
    else points.push(...(pa.t <= pb.t ? [pa, pb] : [pb, pa]))
  }
}
