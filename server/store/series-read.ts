import type { StoreClient } from './client.ts'
import { finiteLimit } from './score-sql.ts'
import { limitsSql, ruleDefsOf } from './rule-defs.ts'
import { scoreName } from '../scoring/score.ts'
import { PENDING, type PointScore } from '../series/series-scores.ts'

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
  /** Each point's newest score (same index as `points`): read in the same query, never looked up point by point. */
  scores: PointScore[]
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

/** The newest score of each value in the range (FINAL over the key range the values use). */
const scoresIn = (db: string, allSetups: boolean, final = true) => `(SELECT setup, ts, product, score, cause, rule_id, rule_key, reference, sigma, scored_at
  FROM ${db}.qc_scores ${final ? 'FINAL' : ''} WHERE ${where(allSetups)})`
/** The rule definitions the scores name, joined after them (alias d): limits come from them. */
const DEFS = (db: string) => `LEFT JOIN ${ruleDefsOf(db, '{instrument:String}')} AS d ON sc.rule_key = d.def_key`
/** A score's columns as a tuple; an unscored value (no row) has cause '' and reads as pending. */
const SCORE_TUPLE = `sc.score, sc.cause, sc.rule_id, ${limitsSql('sc', 'd').join(', ')}, sc.reference`
type ScoreCols = [number, string, string, number, number, number, number, number]

const pointScore = ([score, cause, rule, wlo, whi, clo, chi, ref]: ScoreCols): PointScore => (cause === ''
  ? PENDING
  : { score: scoreName(score), cause, limits: [finiteLimit(wlo), finiteLimit(whi), finiteLimit(clo), finiteLimit(chi)], reference: finiteLimit(ref), rule: rule || null })

type Row = [string, string, number, string, number, ...ScoreCols]

/**
 * Reads one parameter's trend, one series per setup, time-ordered. A series with
 * more than `maxPoints` values is reduced in ClickHouse to each time bucket's
 * minimum and maximum, so an outlier never disappears from a plot.
 *
 * Two queries: the count per setup (key columns only), then the setups' values with their scores —
 * every value of a setup within maxPoints, each bucket's min and max of a longer one.
 *
 * @example
 * const series = await readSeries(store, { instrument: 'UVES', param: 'ron_master', setups: [], maxPoints: 2000 })
 */
export async function readSeries(store: StoreClient, req: SeriesRequest): Promise<Series[]> {
  const params = {
    instrument: req.instrument, param: req.param, setups: req.setups,
    from: req.fromMs ?? 0, to: req.toMs ?? 8_000_000_000_000,
  }
  const db = store.database
  // Counts without FINAL: a preliminary value not merged away yet counts twice, which can only
  // make a series just under maxPoints reduced a little early.
  const counted = await store.client.query({
    query: `SELECT setup, count() FROM ${db}.qc_values WHERE ${where(req.setups.length === 0)} GROUP BY setup ORDER BY setup`,
    query_params: params, format: 'JSONCompact',
  })
  const counts = (await counted.json<[string, string]>()).data.map(([setup, n]) => ({ setup, n: Number(n) }))
  const out = new Map(counts.map(({ setup }) => [setup, { setup, count: 0, reduced: false, points: [], scores: [] } as Series]))
  const short = counts.filter((c) => c.n <= req.maxPoints).map((c) => c.setup)
  const long = counts.filter((c) => c.n > req.maxPoints).map((c) => c.setup)
  if (short.length > 0) await readAll(store, { ...params, setups: short }, out)
  if (long.length > 0) await reduce(store, { ...params, setups: long }, req.maxPoints, out)
  return [...out.values()]
}

/**
 * Every value of the given setups with its score, time-ordered. No FINAL (it costs ~2x on a store
 * with several parts): a preliminary value not yet merged away sits next to its final one in
 * (setup, ts, product) order, and the higher status wins here; likewise a re-score not merged
 * away yet joins as a second row, and the newest (first, by scored_at) wins. Scores join in the
 * same query (values and scores share their sorting key).
 */
async function readAll(store: StoreClient, params: Record<string, unknown>, out: Map<string, Series>) {
  const rs = await store.client.query({
    query: `SELECT v.setup, toUnixTimestamp64Milli(v.ts), v.value, v.product, v.status, ${SCORE_TUPLE}
      FROM (SELECT setup, ts, value, product, status FROM ${store.database}.qc_values WHERE ${where(false)}) AS v
      LEFT JOIN ${scoresIn(store.database, false, false)} AS sc ON v.setup = sc.setup AND v.ts = sc.ts AND v.product = sc.product
      ${DEFS(store.database)}
      ORDER BY v.setup, v.ts, v.product, v.status, sc.scored_at DESC`,
    query_params: params,
    format: 'JSONCompact', // one JSON document: one JSON.parse instead of one per row
    clickhouse_settings: { join_use_nulls: 0 },
  })
  let prev: Row | null = null
  for (const row of (await rs.json<Row>()).data) {
    const [setup, t, value, product] = row
    const s = out.get(setup)!
    if (prev && prev[0] === setup && prev[1] === t && prev[3] === product) {
      if (prev[4] >= row[4]) continue
      s.points.pop(); s.scores.pop()
    }
    s.points.push({ t: Number(t), value, product })
    s.scores.push(pointScore(row.slice(5) as ScoreCols))
    prev = row
  }
  for (const s of out.values()) if (!s.reduced) s.count = s.points.length
}

/**
 * Replaces the points of the given setups by per-bucket min and max, computed
 * in ClickHouse in one query: each setup's span (count, first time) and bucket
 * width (ms; maxPoints / 2 buckets across its own span) join its values.
 */
async function reduce(store: StoreClient, params: Record<string, unknown>, maxPoints: number, out: Map<string, Series>) {
  const db = store.database
  // Each bucket's min and max carry their own scores: the score join runs before the reduction,
  // so no point's key is ever sent back to the engine.
  const point = `(toUnixTimestamp64Milli(v.ts), v.value, v.product, ${SCORE_TUPLE})`
  const rs = await store.client.query({
    query: `SELECT v.setup, s.n, s.width, intDiv(toUnixTimestamp64Milli(v.ts) - s.lo, s.width) AS b, argMin(${point}, v.value), argMax(${point}, v.value)
      FROM (SELECT setup, ts, value, product FROM ${db}.qc_values FINAL WHERE ${where(false)}) AS v
      INNER JOIN (SELECT setup, count() AS n, toUnixTimestamp64Milli(min(ts)) AS lo,
          greatest(1, intDiv(toUnixTimestamp64Milli(max(ts)) - lo + {buckets:UInt32}, {buckets:UInt32})) AS width
        FROM ${db}.qc_values FINAL WHERE ${where(false)} GROUP BY setup) AS s ON v.setup = s.setup
      LEFT JOIN ${scoresIn(db, false)} AS sc ON v.setup = sc.setup AND v.ts = sc.ts AND v.product = sc.product
      ${DEFS(db)}
      GROUP BY v.setup, s.n, s.width, b ORDER BY v.setup, b`,
    query_params: { ...params, buckets: Math.max(1, Math.floor(maxPoints / 2)) },
    format: 'JSONCompactEachRow',
    clickhouse_settings: { join_use_nulls: 0 },
  })
  type P = [string, number, string, ...ScoreCols]
  for (const setup of params.setups as string[]) Object.assign(out.get(setup)!, { reduced: true, points: [], scores: [] })
  for (const [setup, n, width, , a, b] of await rs.json<[string, string, string, string, P, P]>()) {
    const series = out.get(setup)!
    Object.assign(series, { count: Number(n), bucketMs: Number(width) })
    const pa = { t: Number(a[0]), value: a[1], product: a[2] }, sa = pointScore(a.slice(3) as ScoreCols)
    const pb = { t: Number(b[0]), value: b[1], product: b[2] }, sb = pointScore(b.slice(3) as ScoreCols)
    if (pa.t === pb.t && pa.product === pb.product) { series.points.push(pa); series.scores.push(sa) }
    else if (pa.t <= pb.t) { series.points.push(pa, pb); series.scores.push(sa, sb) }
    else { series.points.push(pb, pa); series.scores.push(sb, sa) }
  }
}
