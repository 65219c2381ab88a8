import type { StoreClient } from './client.ts'
import { hasLegacyProductNames } from './products-store.ts'

/**
 * One product file's values stored under the name qcloop gave products before product identities
 * (ARCFILE, else PIPEFILE, else the file name; product-identity.ts), and the identity they move to.
 * The legacy name may hold several products (UVES's three arms of one night): only the values of
 * this file's PRO CATG and observation time move.
 */
export interface LegacyMove { instrument: string; from: string; to: string; proCatg: string; tsMs: number }

// Safe as lightweight deletes: the rows removed are keyed by the legacy name, which no kept or
// new row shares, so no merge can have folded a kept row into them.
const SYNC = { lightweight_deletes_sync: '2' }
const params = (m: LegacyMove) => ({ i: m.instrument, from: m.from, to: m.to, c: m.proCatg, t: m.tsMs })
/** The (param, setup) keys of the moving values, at their time, under the legacy name. */
const keysOf = (db: string) => `(SELECT param, setup FROM ${db}.qc_values
  WHERE instrument = {i:String} AND product = {from:String} AND pro_catg = {c:String} AND ts = fromUnixTimestamp64Milli({t:Int64}, 'UTC'))`
const at = `ts = fromUnixTimestamp64Milli({t:Int64}, 'UTC')`

/**
 * Copies what people said about the moving values to the new identity, before the values move:
 * marks (false values), comments on those values and on the product, and a forced OK of the
 * legacy product (it judged the product the file belonged to). Nothing a QC scientist decided is lost.
 */
export async function copyJudgements(store: StoreClient, m: LegacyMove): Promise<void> {
  const db = store.database, q = { query_params: params(m) }
  await store.client.command({ ...q, query: `INSERT INTO ${db}.qc_flags (instrument, param, setup, ts, product, flag, by, why, at)
    SELECT instrument, param, setup, ts, {to:String}, flag, by, why, at FROM ${db}.qc_flags FINAL
    WHERE instrument = {i:String} AND product = {from:String} AND ${at} AND (param, setup) IN ${keysOf(db)}` })
  await store.client.command({ ...q, query: `INSERT INTO ${db}.qc_comments (id, instrument, kind, target, param, setup, ts, product, report, text, internal, by, at)
    SELECT id, instrument, kind, if(kind = 'value', concat(param, '|', setup, '|', {to:String}), {to:String}), param, setup, ts, {to:String}, report, text, internal, by, at
    FROM ${db}.qc_comments WHERE instrument = {i:String} AND product = {from:String} AND ${at}
      AND (kind = 'product' OR (kind = 'value' AND (param, setup) IN ${keysOf(db)}))` })
  await store.client.command({ ...q, query: `INSERT INTO ${db}.qc_overrides (instrument, product, forced_ok, by, why, at)
    SELECT instrument, {to:String}, forced_ok, by, why, at FROM ${db}.qc_overrides FINAL WHERE instrument = {i:String} AND product = {from:String}` })
}

/**
 * Removes the moved values under the legacy name, with their scores, health states, marks and value comments;
 * once no value is left under it, the legacy product's roll-up, override, attributes, comments and
 * calibration frame go too. Call after the values were written under the new identity (a crash in
 * between leaves both names, never neither). Returns how many values were removed.
 */
export async function removeLegacy(store: StoreClient, m: LegacyMove): Promise<number> {
  const db = store.database, q = { query_params: params(m), clickhouse_settings: SYNC }
  const n = await countUnder(store, m, true)
  const legacyKey = `instrument = {i:String} AND product = {from:String} AND ${at} AND (param, setup) IN ${keysOf(db)}`
  await store.client.command({ ...q, query: `DELETE FROM ${db}.qc_scores WHERE ${legacyKey}` })
  // Health states naming the old name: the re-score that follows writes the series' states anew.
  await store.client.command({ ...q, query: `DELETE FROM ${db}.qc_series_state WHERE ${legacyKey}` })
  await store.client.command({ ...q, query: `DELETE FROM ${db}.qc_flags WHERE ${legacyKey}` })
  await store.client.command({ ...q, query: `DELETE FROM ${db}.qc_comments WHERE kind = 'value' AND ${legacyKey}` })
  await store.client.command({ ...q, query: `DELETE FROM ${db}.qc_values WHERE instrument = {i:String} AND product = {from:String} AND pro_catg = {c:String} AND ${at}` })
  if (await countUnder(store, m, false) === 0) {
    for (const table of ['qc_products', 'qc_overrides', 'qc_product_attrs']) {
      await store.client.command({ ...q, query: `DELETE FROM ${db}.${table} WHERE instrument = {i:String} AND product = {from:String}` })
    }
    await store.client.command({ ...q, query: `DELETE FROM ${db}.qc_comments WHERE instrument = {i:String} AND product = {from:String} AND kind = 'product'` })
    await store.client.command({ ...q, query: `DELETE FROM ${db}.qc_frames WHERE instrument = {i:String} AND file = {from:String} AND source = 'product'` })
  }
  return n
}

/** Values under the legacy name: of this file (its PRO CATG and time) or of any file. */
async function countUnder(store: StoreClient, m: LegacyMove, thisFile: boolean): Promise<number> {
  const rs = await store.client.query({
    query: `SELECT count() AS n FROM ${store.database}.qc_values WHERE instrument = {i:String} AND product = {from:String}
      ${thisFile ? `AND pro_catg = {c:String} AND ${at}` : ''}`,
    query_params: params(m), format: 'JSONEachRow',
  })
  return Number((await rs.json<{ n: string }>())[0].n)
}

/**
 * How many values of each instrument (of the given ones, else all) are still stored under legacy
 * names: what `qcloop ingest --rekey` has left to do. A store without any answers from the probe
 * the ingestion path asks anyway (once per store and process), not from a scan of its values.
 */
export async function legacyValueCounts(store: StoreClient, instruments?: string[]): Promise<{ instrument: string; values: number; products: number }[]> {
  if (!(await hasLegacyProductNames(store))) return []
  const rs = await store.client.query({
    query: `SELECT instrument, count() AS values, uniqExact(product) AS products FROM ${store.database}.qc_values
      WHERE ${instruments ? 'instrument IN {i:Array(String)} AND ' : ''}pro_catg != '' AND NOT endsWith(product, concat(' ', pro_catg))
      GROUP BY instrument ORDER BY instrument`,
    query_params: { i: instruments ?? [] }, format: 'JSONEachRow',
  })
  return (await rs.json<{ instrument: string; values: string; products: string }>()).map((r) => ({ instrument: r.instrument, values: Number(r.values), products: Number(r.products) }))
}
