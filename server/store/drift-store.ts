import type { StoreClient } from './client.ts'
import { scoredValuesSql } from './score-sql.ts'

/** One series' recent scored values (marked-false ones left out), oldest first: what the drift detector reads. */
export interface DriftInput { param: string; setup: string; report: string; t: number[]; y: number[] }

/** A stored drift verdict: the finding as JSON (see server/drift/drift-verdict.ts). */
export interface DriftRow { instrument: string; param: string; setup: string; cause: string; finding: string }

/** The scored values of the given parameters since `fromMs`, per series, oldest first. */
export async function readDriftInputs(store: StoreClient, instrument: string, params: string[], fromMs: number): Promise<DriftInput[]> {
  const rs = await store.client.query({
    query: `SELECT param, setup, any(report) AS rep, groupArray(toUnixTimestamp64Milli(ts)) AS t_ms, groupArray(value) AS y
      FROM (SELECT param, setup, report, ts, value
        FROM ${scoredValuesSql(store.database, "instrument = {i:String} AND param IN {p:Array(String)} AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')")}
        WHERE cause NOT IN ('excluded', 'no_rule') ORDER BY ts)
      GROUP BY param, setup ORDER BY param, setup`,
    query_params: { i: instrument, p: params, from: fromMs }, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  })
  return (await rs.json<{ param: string; setup: string; rep: string; t_ms: number[]; y: number[] }>()).map((r) => ({ param: r.param, setup: r.setup, report: r.rep, t: r.t_ms.map(Number), y: r.y }))
}

/** Replaces the verdicts of the given series (cause '' clears one). */
export async function writeDrift(store: StoreClient, rows: DriftRow[], at: number): Promise<void> {
  if (rows.length === 0) return
  await store.client.insert({ table: `${store.database}.qc_drift`, format: 'JSONEachRow', values: rows.map((r) => ({ ...r, computed_at: at })) })
}

/** Every series with a finding (of one instrument). */
export async function readDrift(store: StoreClient, only?: string): Promise<DriftRow[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, param, setup, cause, finding FROM ${store.database}.qc_drift FINAL WHERE cause != '' ${only ? 'AND instrument = {i:String}' : ''}`,
    query_params: { i: only ?? '' }, format: 'JSONEachRow',
  })
  return rs.json<DriftRow>()
}
