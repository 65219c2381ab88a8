import type { StoreClient } from './client.ts'
import { finiteLimit } from './score-sql.ts'
import { limitsOf, nullToNaN, ruleDefsFor } from './rule-defs-cache.ts'
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
  /** Longest range reduced in process (default IN_PROCESS_MAX); tests lower it to exercise the engine's reduction. */
  inProcessMax?: number
}

/** Filter for one parameter and time range; `setup IN` (not has()) lets the primary key skip other setups. */
const where = (allSetups: boolean) => `instrument = {instrument:String} AND param = {param:String}
  ${allSetups ? '' : 'AND setup IN {setups:Array(String)}'}
  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')`

/** The scores of the values in the range; a re-score not merged away yet is a second row (newest scored_at wins). */
const scoresIn = (db: string, allSetups: boolean, final = false) => `(SELECT setup, ts, product, score, cause, rule_id, rule_key, reference, sigma, scored_at
  FROM ${db}.qc_scores ${final ? 'FINAL' : ''} WHERE ${where(allSetups)})`
/** A score's columns; an unscored value (no row) has cause '' and reads as pending. Limits follow from rule_key in JS. */
const SCORE_COLS = 'sc.score, sc.cause, sc.rule_id, sc.rule_key, sc.reference, sc.sigma'
type ScoreCols = [number, string, string, string, number | null, number | null]
type Defs = Awaited<ReturnType<typeof ruleDefsFor>>

function pointScore([score, cause, rule, key, ref, sigma]: ScoreCols, defs: Defs): PointScore {
  if (cause === '') return PENDING
  // No definition (rule_key '', a grey score): NaN limits, shown as open.
  const [wlo, whi, clo, chi] = limitsOf(defs.get(key), nullToNaN(ref), nullToNaN(sigma))
  return { score: scoreName(score), cause, limits: [finiteLimit(wlo), finiteLimit(whi), finiteLimit(clo), finiteLimit(chi)], reference: finiteLimit(nullToNaN(ref)), rule: rule || null }
}

type Row = [string, string, number, string, number, ...ScoreCols]
/** Above this many values in the range, the reduction runs in the engine rather than here (bounded memory per request). */
const IN_PROCESS_MAX = 100_000

/**
 * Reads one parameter's trend, one series per setup, time-ordered. A series with
 * more than `maxPoints` values is reduced to each time bucket's minimum and maximum,
 * so an outlier never disappears from a plot.
 *
 * One query (values joined to their scores, key order, no FINAL) answers a range of up to
 * IN_PROCESS_MAX values, reduced here when longer than maxPoints; a longer range is reduced in
 * the engine by a second query. Limits come from the cached rule definitions (no join).
 *
 * @example
 * const series = await readSeries(store, { instrument: 'UVES', param: 'ron_master', setups: [], maxPoints: 2000 })
 */
export async function readSeries(store: StoreClient, req: SeriesRequest): Promise<Series[]> {
  const params = {
    instrument: req.instrument, param: req.param, setups: req.setups,
    from: req.fromMs ?? 0, to: req.toMs ?? 8_000_000_000_000,
  }
  const cap = Math.max(req.maxPoints, req.inProcessMax ?? IN_PROCESS_MAX)
  const rows = await readAll(store, params, req.setups.length === 0, cap + 1)
  if (rows.length > cap) return reduceInEngine(store, params, req.maxPoints)
  const defs = await ruleDefsFor(store, req.instrument, rows.map((r) => r[8]))
  const out = new Map<string, Series>()
  for (const [setup, points] of dedupe(rows)) {
    const all = points.map(([, t, value, product, , ...sc]) => ({ point: { t: Number(t), value, product }, score: pointScore(sc as ScoreCols, defs) }))
    const kept = all.length > req.maxPoints ? reduceBuckets(all, req.maxPoints) : null
    const chosen = kept?.points ?? all
    out.set(setup, {
      setup, count: all.length, reduced: kept !== null, ...(kept ? { bucketMs: kept.width } : {}),
      points: chosen.map((x) => x.point), scores: chosen.map((x) => x.score),
    })
  }
  return [...out.values()]
}

/**
 * Every value of the range with its score, in (setup, ts, product) order, at most `limit` rows.
 * No FINAL (it costs ~2x on a store with several parts): a preliminary value not yet merged away
 * sits next to its final one in key order and dedupe keeps the higher status; a re-score not
 * merged away yet joins as a second row, the newest (first, by scored_at) kept.
 */
async function readAll(store: StoreClient, params: Record<string, unknown>, allSetups: boolean, limit: number): Promise<Row[]> {
  const rs = await store.client.query({
    query: `SELECT v.setup, toUnixTimestamp64Milli(v.ts), v.value, v.product, v.status, ${SCORE_COLS}
      FROM (SELECT setup, ts, value, product, status FROM ${store.database}.qc_values WHERE ${where(allSetups)}) AS v
      LEFT JOIN ${scoresIn(store.database, allSetups)} AS sc ON v.setup = sc.setup AND v.ts = sc.ts AND v.product = sc.product
      ORDER BY v.setup, v.ts, v.product, v.status, sc.scored_at DESC
      LIMIT {limit:UInt32}`,
    query_params: { ...params, limit },
    format: 'JSONCompact', // one JSON document: one JSON.parse instead of one per row
    clickhouse_settings: { join_use_nulls: 0 },
  })
  return (await rs.json<Row>()).data
}

/** Rows grouped by setup, one per (ts, product): the highest status, its newest score (see readAll). */
function dedupe(rows: Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>()
  let prev: Row | null = null
  for (const row of rows) {
    const list = out.get(row[0]) ?? []
    if (list.length === 0) out.set(row[0], list)
    if (prev && prev[0] === row[0] && prev[1] === row[1] && prev[3] === row[3]) {
      if (prev[4] >= row[4]) continue
      list.pop()
    }
    list.push(row)
    prev = row
  }
  return out
}

interface Scored { point: SeriesPoint; score: PointScore }

/**
 * Each time bucket's minimum and maximum (the earliest of equal values), in time order:
 * maxPoints / 2 buckets across the series' own span, the same buckets the engine's reduction uses.
 */
export function reduceBuckets(all: Scored[], maxPoints: number): { points: Scored[]; width: number } {
  const buckets = Math.max(1, Math.floor(maxPoints / 2))
  const lo = all[0].point.t, hi = all[all.length - 1].point.t
  const width = Math.max(1, Math.floor((hi - lo + buckets) / buckets))
  const points: Scored[] = []
  let b = -1, min: Scored | null = null, max: Scored | null = null
  const flush = () => {
    if (!min || !max) return
    if (min === max) points.push(min)
    else if (min.point.t <= max.point.t) points.push(min, max)
    else points.push(max, min)
  }
  for (const x of all) {
    const xb = Math.floor((x.point.t - lo) / width)
    if (xb !== b) { flush(); b = xb; min = x; max = x; continue }
    if (x.point.value < min!.point.value) min = x
    if (x.point.value > max!.point.value) max = x
  }
  flush()
  return { points, width }
}

/**
 * The reduction of a range too long to read here, in the engine, in one query: each setup's span
 * (count, first time) and bucket width (ms; maxPoints / 2 buckets across its own span) join its
 * values, FINAL so a bucket's min or max is never a value or score already replaced. A setup of
 * at most maxPoints values keeps every value (bucket = one key).
 */
async function reduceInEngine(store: StoreClient, params: Record<string, unknown> & { setups: string[] }, maxPoints: number): Promise<Series[]> {
  const db = store.database, all = params.setups.length === 0
  const point = `(toUnixTimestamp64Milli(v.ts), v.value, v.product, ${SCORE_COLS})`
  const long = 's.n > {max:UInt32}'
  const rs = await store.client.query({
    query: `SELECT v.setup, s.n, s.width, intDiv(toUnixTimestamp64Milli(v.ts) - if(${long}, s.lo, 0), s.width) AS b, argMin(${point}, v.value), argMax(${point}, v.value)
      FROM (SELECT setup, ts, value, product FROM ${db}.qc_values FINAL WHERE ${where(all)}) AS v
      INNER JOIN (SELECT setup, count() AS n, toUnixTimestamp64Milli(min(ts)) AS lo,
          if(n > {max:UInt32}, greatest(1, intDiv(toUnixTimestamp64Milli(max(ts)) - lo + {buckets:UInt32}, {buckets:UInt32})), 1) AS width
        FROM ${db}.qc_values FINAL WHERE ${where(all)} GROUP BY setup) AS s ON v.setup = s.setup
      LEFT JOIN ${scoresIn(db, all, true)} AS sc ON v.setup = sc.setup AND v.ts = sc.ts AND v.product = sc.product
      GROUP BY v.setup, s.n, s.width, b, if(${long}, '', v.product) ORDER BY v.setup, b, if(${long}, '', v.product)`,
    query_params: { ...params, max: maxPoints, buckets: Math.max(1, Math.floor(maxPoints / 2)) },
    format: 'JSONCompactEachRow',
    clickhouse_settings: { join_use_nulls: 0 },
  })
  type P = [string, number, string, ...ScoreCols]
  const rows = await rs.json<[string, string, string, string, P, P]>()
  const defs = await ruleDefsFor(store, params.instrument as string, rows.flatMap(([, , , , a, b]) => [a[6], b[6]]))
  const out = new Map<string, Series>()
  for (const [setup, n, width, , a, b] of rows) {
    const reduced = Number(n) > maxPoints
    const series = out.get(setup) ?? { setup, count: Number(n), reduced, ...(reduced ? { bucketMs: Number(width) } : {}), points: [], scores: [] }
    out.set(setup, series)
    const pa = { t: Number(a[0]), value: a[1], product: a[2] }, sa = pointScore(a.slice(3) as ScoreCols, defs)
    const pb = { t: Number(b[0]), value: b[1], product: b[2] }, sb = pointScore(b.slice(3) as ScoreCols, defs)
    if (pa.t === pb.t && pa.product === pb.product) { series.points.push(pa); series.scores.push(sa) }
    else if (pa.t <= pb.t) { series.points.push(pa, pb); series.scores.push(sa, sb) }
    else { series.points.push(pb, pa); series.scores.push(sb, sa) }
  }
  return [...out.values()]
}
