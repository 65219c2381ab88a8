import type { StoreClient } from './client.ts'
import { readUnscored } from './scoring-store.ts'

/**
 * What `qcloop check` asks the store (each a count per instrument): values without a score,
 * scores without a value, series states that disagree with the scores they summarise (a
 * missing or stale newest value), product roll-ups without values or values without a roll-up,
 * and QC scientists' marks on values that are gone. Read-only.
 */
export interface Finding { check: string; instrument: string; count: number }

const KEY = '(instrument, param, setup, ts, product)'

export async function checkStore(store: StoreClient): Promise<Finding[]> {
  const db = store.database
  const checks: Record<string, string> = {
    orphan_scores: `SELECT instrument, count() AS n FROM ${db}.qc_scores FINAL WHERE ${KEY} NOT IN (SELECT ${KEY} FROM ${db}.qc_values) GROUP BY instrument`,
    // A series whose newest live score is not what its state row says (missing, older or newer).
    stale_series_state: `SELECT s.instrument AS instrument, count() AS n FROM (
        SELECT instrument, param, setup, maxIf(ts, cause != 'excluded') AS t FROM ${db}.qc_scores FINAL GROUP BY instrument, param, setup HAVING countIf(cause != 'excluded') > 0) AS s
      LEFT JOIN (SELECT instrument, param, setup, ts FROM ${db}.qc_series_state FINAL) AS st USING (instrument, param, setup)
      WHERE st.ts != s.t GROUP BY instrument`,
    orphan_series_state: `SELECT instrument, count() AS n FROM ${db}.qc_series_state FINAL WHERE (instrument, param, setup) NOT IN (SELECT instrument, param, setup FROM ${db}.qc_scores) GROUP BY instrument`,
    products_without_rollup: `SELECT instrument, count() AS n FROM (SELECT DISTINCT instrument, product FROM ${db}.qc_scores FINAL) WHERE (instrument, product) NOT IN (SELECT instrument, product FROM ${db}.qc_products) GROUP BY instrument`,
    orphan_rollups: `SELECT instrument, count() AS n FROM ${db}.qc_products FINAL WHERE (instrument, product) NOT IN (SELECT instrument, product FROM ${db}.qc_values) GROUP BY instrument`,
    orphan_marks: `SELECT instrument, count() AS n FROM ${db}.qc_flags FINAL WHERE flag = 1 AND ${KEY} NOT IN (SELECT ${KEY} FROM ${db}.qc_values) GROUP BY instrument`,
  }
  // Unscored values: the same anti-join start-up uses to score what a crash left (scoring-store.ts).
  const out: Finding[] = (await readUnscored(store)).filter((r) => r.values > 0).map((r) => ({ check: 'unscored', instrument: r.instrument, count: r.values }))
  for (const [check, query] of Object.entries(checks)) {
    const rs = await store.client.query({ query, format: 'JSONEachRow', clickhouse_settings: { join_use_nulls: 0 } })
    for (const r of await rs.json<{ instrument: string; n: string }>()) if (Number(r.n) > 0) out.push({ check, instrument: r.instrument, count: Number(r.n) })
  }
  return out
}

/** Removes scores, series states and roll-ups whose values are gone (derived rows only; no value, mark or comment is touched). */
export async function removeOrphans(store: StoreClient): Promise<void> {
  const db = store.database
  // Safe as lightweight deletes: no kept row shares these keys, so no merge can have folded one into them.
  const settings = { lightweight_deletes_sync: '2' }
  await store.client.command({ query: `DELETE FROM ${db}.qc_scores WHERE ${KEY} NOT IN (SELECT ${KEY} FROM ${db}.qc_values)`, clickhouse_settings: settings })
  await store.client.command({ query: `DELETE FROM ${db}.qc_series_state WHERE (instrument, param, setup) NOT IN (SELECT instrument, param, setup FROM ${db}.qc_scores)`, clickhouse_settings: settings })
  await store.client.command({ query: `DELETE FROM ${db}.qc_products WHERE (instrument, product) NOT IN (SELECT instrument, product FROM ${db}.qc_values)`, clickhouse_settings: settings })
}
