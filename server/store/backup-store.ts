import { Readable } from 'node:stream'
import type { StoreClient } from './client.ts'
import { listTables, type TableInfo } from './copy-store.ts'

/**
 * The store's side of `qcloop backup` / `qcloop restore`. A backup holds the tables that are
 * the truth — values, QC scientists' marks, overrides, comments and actions (rules), raw frames
 * and grades, alert state and outbox, tokens, parameter info and product attributes — and not
 * what is derived from them (scores, health states, roll-ups: a restore re-derives them) or
 * transient (the write log and stage, leases). Each table is read in chunks in one total order
 * (`ORDER BY ALL`, FINAL where rows replace each other), as TabSeparated, which round-trips
 * every type exactly (Float64 as its shortest exact text).
 */
const DERIVED_OR_TRANSIENT = new Set(['qc_scores', 'qc_rule_defs', 'qc_series_state', 'qc_night_scores', 'qc_products', 'qc_calib_latest', 'qc_drift', 'qc_write_stage', 'qc_write_log', 'qc_leases'])

/** The tables a backup holds, with their columns. */
export async function backupTables(store: StoreClient): Promise<TableInfo[]> {
  return (await listTables(store)).filter((t) => !DERIVED_OR_TRANSIENT.has(t.name))
}

/** Loads a table's backed-up TabSeparated rows (columns in the backup's order) as one streamed insert. */
export async function loadTable(store: StoreClient, table: string, columns: string[], tsv: Readable): Promise<void> {
  await store.bulk.insert({ table: `${store.database}.${table}`, columns: columns as [string, ...string[]], values: tsv, format: 'TabSeparated' })
}
