import type { StoreClient } from './client.ts'

/** Per instrument, values without a score (written just before a crash, or loaded with scoring off): earliest time, parameters, count. */
export async function readUnscored(store: StoreClient): Promise<{ instrument: string; fromMs: number; params: string[]; values: number }[]> {
  const db = store.database
  const rs = await store.client.query({
    query: `SELECT instrument, toUnixTimestamp64Milli(min(ts)) AS from, groupUniqArray(param) AS params, count() AS n
      FROM ${db}.qc_values AS v LEFT ANTI JOIN ${db}.qc_scores AS sc USING (instrument, param, setup, ts, product)
      GROUP BY instrument`,
    format: 'JSONEachRow',
  })
  return (await rs.json<{ instrument: string; from: string; params: string[]; n: string }>()).map((r) => ({ instrument: r.instrument, fromMs: Number(r.from), params: r.params, values: Number(r.n) }))
}

/** Newest scored time per instrument and parameter (freshness of the health check). */
export async function readNewestScored(store: StoreClient): Promise<{ instrument: string; param: string; t: number }[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, param, toUnixTimestamp64Milli(max(ts)) AS t FROM ${store.database}.qc_series_state FINAL GROUP BY instrument, param`,
    format: 'JSONEachRow',
  })
  return (await rs.json<{ instrument: string; param: string; t: string }>()).map((r) => ({ ...r, t: Number(r.t) }))
}

/** A series whose newest score is critical: its newest `n` scores (newest first, marked-false ones left out) and its newest value's judgement. */
export interface CriticalSeries {
  instrument: string; param: string; setup: string; scores: number[]; times: string[]; report: string; last_value: number; last_product: string; last_ts: string
  last_cause: string; rule: string; wlo: number; whi: number; clo: number; chi: number; ref: number
}

/** Every series whose newest score is red, with its newest `n` scores: what critical alerts are confirmed from. */
export async function readCriticalSeries(store: StoreClient, n: number): Promise<CriticalSeries[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, param, setup, groupArray(score) AS scores, groupArray(toString(ts)) AS times, any(report) AS report,
        argMax(value, ts) AS last_value, argMax(product, ts) AS last_product, toString(max(ts)) AS last_ts, argMax(cause, ts) AS last_cause,
        argMax(rule_id, ts) AS rule, argMax(warn_lo, ts) AS wlo, argMax(warn_hi, ts) AS whi, argMax(crit_lo, ts) AS clo, argMax(crit_hi, ts) AS chi, argMax(reference, ts) AS ref
      FROM (
        SELECT sc.instrument AS instrument, sc.param AS param, sc.setup AS setup, sc.ts AS ts, sc.score AS score, sc.report AS report, sc.value AS value,
          sc.product AS product, sc.cause AS cause, sc.rule_id AS rule_id, sc.warn_lo AS warn_lo, sc.warn_hi AS warn_hi, sc.crit_lo AS crit_lo, sc.crit_hi AS crit_hi, sc.reference AS reference
        FROM ${store.database}.qc_scores AS sc FINAL
        WHERE (sc.instrument, sc.param, sc.setup) IN (SELECT instrument, param, setup FROM ${store.database}.qc_series_state FINAL WHERE score = 3)
          AND sc.cause != 'excluded'
        ORDER BY instrument, param, setup, ts DESC LIMIT {n:UInt32} BY instrument, param, setup)
      GROUP BY instrument, param, setup`,
    query_params: { n }, format: 'JSONEachRow',
  })
  return rs.json<CriticalSeries>()
}
