import { finiteLimit } from '../scoring/score-sql.ts'
import { scoreName, type ScoreName } from '../scoring/score.ts'
import type { StoreClient } from '../store/client.ts'
import type { Series } from './series-query.ts'

/** A point's judgement: score, cause, and the limits it was judged against (null = open). */
export interface PointScore {
  score: ScoreName
  cause: string
  /** [warning low, warning high, critical low, critical high] in the parameter's unit. */
  limits: [number | null, number | null, number | null, number | null]
  reference: number | null
  rule: string | null
}

type Row = [string, string, string, number, string, string, number, number, number, number, number, string]

/**
 * Attaches scores to the points of series read by readSeries, from qc_scores,
 * looked up by (setup, ts, product). A point not scored yet (scoring runs just
 * after ingestion) gets grey / `pending`.
 *
 * @example
 * const scored = await scoreSeries(store, 'UVES', 'ron_master', series)
 */
export async function scoreSeries(store: StoreClient, instrument: string, param: string, series: Series[]): Promise<Map<string, PointScore>> {
  const out = new Map<string, PointScore>()
  const points = series.reduce((n, s) => n + s.points.length, 0)
  if (points === 0) return out
  const all = series.flatMap((s) => s.points)
  let lo = Infinity, hi = -Infinity // a loop: spreading 10^5 points into Math.min overflows the stack
  for (const p of all) { if (p.t < lo) lo = p.t; if (p.t > hi) hi = p.t }
  const params: Record<string, unknown> = { i: instrument, p: param, lo, hi, setups: series.map((s) => s.setup) }
  // Full series: the same key range as the values (cheap, in key order). Reduced ones: only their points.
  let keys = ''
  if (series.some((s) => s.reduced)) {
    // A subquery: the key set is built once (an arrayZip in IN would be evaluated per row).
    keys = 'AND (setup, toUnixTimestamp64Milli(ts), product) IN (SELECT tupleElement(k, 1), tupleElement(k, 2), tupleElement(k, 3) FROM (SELECT arrayJoin(arrayZip({s:Array(String)}, {t:Array(Int64)}, {pr:Array(String)})) AS k))'
    Object.assign(params, { s: series.flatMap((s) => s.points.map(() => s.setup)), t: all.map((p) => p.t), pr: all.map((p) => p.product) })
  }
  const rs = await store.client.query({
    query: `SELECT setup, toString(toUnixTimestamp64Milli(ts)), product, score, cause, rule_id, warn_lo, warn_hi, crit_lo, crit_hi, reference,
        toString(toUnixTimestamp64Milli(scored_at))
      FROM ${store.database}.qc_scores
      WHERE instrument = {i:String} AND param = {p:String} AND setup IN {setups:Array(String)}
        AND ts >= fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({hi:Int64}, 'UTC') ${keys}`,
    query_params: params,
    format: 'JSONCompact',
  })
  const newest = new Map<string, number>()
  for (const [setup, t, product, score, cause, rule, wlo, whi, clo, chi, ref, at] of (await rs.json<Row>()).data) {
    const key = pointKey(setup, Number(t), product)
    if ((newest.get(key) ?? -1) > Number(at)) continue // a re-score supersedes (ReplacingMergeTree not yet merged)
    newest.set(key, Number(at))
    out.set(key, { score: scoreName(score), cause, limits: [finiteLimit(wlo), finiteLimit(whi), finiteLimit(clo), finiteLimit(chi)], reference: finiteLimit(ref), rule: rule || null })
  }
  return out
}

export const pointKey = (setup: string, t: number, product: string) => `${setup}\u0000${t}\u0000${product}`

export const PENDING: PointScore = { score: 'grey', cause: 'pending', limits: [null, null, null, null], reference: null, rule: null }
