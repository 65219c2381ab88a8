import type { StoreClient } from './client.ts'
import { scoredValuesSql, type Statement } from './score-sql.ts'
import { LIVE_STATES } from './state-sql.ts'
import { limitsSql, ruleDefsOf } from './rule-defs.ts'

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
    query: `SELECT x.instrument AS instrument, x.param AS param, x.setup AS setup, x.scores AS scores, x.times AS times, x.report AS report,
        x.last_value AS last_value, x.last_product AS last_product, x.last_ts AS last_ts, x.last_cause AS last_cause, x.rule AS rule,
        ${limitsSql('x', 'd').map((e, i) => `${e} AS ${['wlo', 'whi', 'clo', 'chi'][i]}`).join(', ')}, x.reference AS ref
      FROM (SELECT instrument, param, setup, groupArray(score) AS scores, groupArray(toString(ts)) AS times, any(report) AS report,
        argMax(value, ts) AS last_value, argMax(product, ts) AS last_product, toString(max(ts)) AS last_ts, argMax(cause, ts) AS last_cause,
        argMax(rule_id, ts) AS rule, argMax(rule_key, ts) AS rule_key, argMax(reference, ts) AS reference, argMax(sigma, ts) AS sigma
      FROM (
        SELECT sc.instrument AS instrument, sc.param AS param, sc.setup AS setup, sc.ts AS ts, sc.score AS score, sc.report AS report, sc.value AS value,
          sc.product AS product, sc.cause AS cause, sc.rule_id AS rule_id, sc.rule_key AS rule_key, sc.reference AS reference, sc.sigma AS sigma
        FROM ${scoredValuesSql(store.database, `(instrument, param, setup) IN (SELECT instrument, param, setup FROM ${LIVE_STATES(store.database)} WHERE score = 3)`)} AS sc
        WHERE sc.cause != 'excluded'
        ORDER BY instrument, param, setup, ts DESC LIMIT {n:UInt32} BY instrument, param, setup)
      GROUP BY instrument, param, setup) AS x
      LEFT JOIN ${ruleDefsOf(store.database)} AS d ON x.instrument = d.def_instrument AND x.rule_key = d.def_key
      SETTINGS join_use_nulls = 0`,
    query_params: { n }, format: 'JSONEachRow',
  })
  return rs.json<CriticalSeries>()
}

/** Runs a scoring statement (INSERT … SELECT) on the bulk session, so reads never wait behind it. */
export async function runStatement(store: StoreClient, s: Statement): Promise<void> {
  await store.bulk.command({ query: s.sql, query_params: s.params })
}

/** Counts per (stored score, new score) of a preview statement (previewVersionSql). */
export async function readScoreChanges(store: StoreClient, s: Statement): Promise<{ before: number; after: number; values: number }[]> {
  const rs = await store.bulk.query({ query: s.sql, query_params: s.params, format: 'JSONCompactEachRow', clickhouse_settings: { join_use_nulls: 0 } })
  return (await rs.json<[number, number, string]>()).map(([before, after, n]) => ({ before, after, values: Number(n) }))
}

/** The parameters of an instrument with a value marked false (any time): their passes need the grey statement. */
export async function readFlaggedParams(store: StoreClient, instrument: string): Promise<Set<string>> {
  const rs = await store.bulk.query({
    query: `SELECT DISTINCT param FROM ${store.database}.qc_flags FINAL WHERE instrument = {i:String} AND flag = 1`,
    query_params: { i: instrument }, format: 'JSONCompact',
  })
  return new Set((await rs.json<[string]>()).data.map(([p]) => p))
}

/** The parameters an instrument has values of in [fromMs, toMs). */
export async function readParamsIn(store: StoreClient, instrument: string, fromMs: number, toMs: number): Promise<string[]> {
  const rs = await store.bulk.query({
    query: `SELECT DISTINCT param FROM ${store.database}.qc_values WHERE instrument = {i:String}
      AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC') ORDER BY param`,
    query_params: { i: instrument, from: fromMs, to: toMs },
    format: 'JSONCompactEachRow',
  })
  return (await rs.json<[string]>()).map(([p]) => p)
}

/** The time (ms) of the n-th value before `fromMs` in any setup matching `setupRe` (0 when there is none): where a trailing window starts. */
export async function readNthPrevious(store: StoreClient, instrument: string, param: string, setupRe: string, fromMs: number, n: number): Promise<number> {
  const rs = await store.bulk.query({
    query: `SELECT toUnixTimestamp64Milli(min(ts)) FROM (SELECT ts FROM ${store.database}.qc_values
      WHERE instrument = {i:String} AND param = {p:String} AND match(setup, {re:String}) AND ts < fromUnixTimestamp64Milli({from:Int64}, 'UTC')
      ORDER BY setup, ts DESC LIMIT {n:UInt32} BY setup)`,
    query_params: { i: instrument, p: param, re: setupRe, from: fromMs, n },
    format: 'JSONCompactEachRow',
  })
  const [[min]] = await rs.json<[string]>()
  return Number(min)
}

