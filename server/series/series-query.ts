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

/** Filter on one parameter and time range; `setups` (an Array(String) parameter) empty means all. */
const where = (setups = 'setups') => `instrument = {instrument:String} AND param = {param:String}
  AND (empty({${setups}:Array(String)}) OR has({${setups}:Array(String)}, setup))
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')`

/**
 * Reads one parameter's trend, one series per setup, time-ordered. A series with
 * more than `maxPoints` values is reduced in ClickHouse to each time bucket's
 * minimum and maximum, so an outlier never disappears from a plot.
 *
 * @example
 * const series = await readSeries(store, { instrument: 'UVES', param: 'ron_master', setups: [], maxPoints: 2000 })
 */
export async function readSeries(store: StoreClient, req: SeriesRequest): Promise<Series[]> {
  const db = store.database
  const params = {
    instrument: req.instrument, param: req.param, setups: req.setups,
    from: req.fromMs ?? 0, to: req.toMs ?? 8_000_000_000_000,
  }
  const countRs = await store.client.query({
    query: `SELECT setup, count(), toUnixTimestamp64Milli(min(ts)), toUnixTimestamp64Milli(max(ts))
      FROM ${db}.qc_values FINAL WHERE ${where()} GROUP BY setup ORDER BY setup`,
    query_params: params,
    format: 'JSONCompactEachRow',
  })
  const counts = (await countRs.json<[string, string, string, string]>()).map(([setup, n, lo, hi]) => ({
    setup, count: Number(n), lo: Number(lo), hi: Number(hi),
  }))
  const full = counts.filter((c) => c.count <= req.maxPoints).map((c) => c.setup)
  const out = new Map<string, Series>()
  for (const c of counts) out.set(c.setup, { setup: c.setup, count: c.count, reduced: c.count > req.maxPoints, points: [] })

  if (full.length > 0) {
    const rs = await store.client.query({
      query: `SELECT setup, toUnixTimestamp64Milli(ts), value, product FROM ${db}.qc_values FINAL
        WHERE ${where('full')}
        ORDER BY setup, ts`,
      query_params: { ...params, full },
      format: 'JSONCompactEachRow',
    })
    for (const [setup, t, value, product] of await rs.json<[string, string, number, string]>()) {
      out.get(setup)!.points.push({ t: Number(t), value, product })
    }
  }
  for (const c of counts.filter((x) => x.count > req.maxPoints)) {
    // Two points (min and max) per bucket, so maxPoints / 2 buckets across the series' own span.
    const bucketMs = Math.max(1, Math.ceil((c.hi - c.lo + 1) / Math.max(1, Math.floor(req.maxPoints / 2))))
    const series = out.get(c.setup)!
    series.bucketMs = bucketMs
    series.points = await reducedPoints(store, { ...params, setups: [c.setup] }, c.lo, bucketMs)
  }
  return [...out.values()]
}

async function reducedPoints(store: StoreClient, params: Record<string, unknown>, lo: number, bucketMs: number): Promise<SeriesPoint[]> {
  const rs = await store.client.query({
    query: `SELECT intDiv(toUnixTimestamp64Milli(ts) - {lo:Int64}, {bucket:Int64}) AS b,
        argMin((toUnixTimestamp64Milli(ts), value, product), value) AS lo_p,
        argMax((toUnixTimestamp64Milli(ts), value, product), value) AS hi_p
      FROM ${store.database}.qc_values FINAL WHERE ${where()}
      GROUP BY b ORDER BY b`,
    query_params: { ...params, lo, bucket: bucketMs },
    format: 'JSONCompactEachRow',
  })
  const points: SeriesPoint[] = []
  for (const [, a, b] of await rs.json<[string, [string, number, string], [string, number, string]]>()) {
    const pa = { t: Number(a[0]), value: a[1], product: a[2] }
    const pb = { t: Number(b[0]), value: b[1], product: b[2] }
    if (pa.t === pb.t && pa.product === pb.product) points.push(pa)
    else points.push(...(pa.t <= pb.t ? [pa, pb] : [pb, pa]))
  }
  return points
}
