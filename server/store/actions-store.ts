import type { StoreClient } from './client.ts'

/**
 * QC scientists' actions as stored: false-value flags, forced-OK products, comments, and the
 * append-only audit log (who, when, why, what). Rule changes are written by the rule book.
 */

export interface FlagWrite { instrument: string; param: string; setup: string; tsMs: number; product: string; flagged: boolean; by: string; why: string; atMs: number }
export interface CommentWrite {
  id: string; instrument: string; kind: string; tsMs: number; text: string; internal: boolean; by: string; atMs: number
  param: string; setup: string; product: string; report: string; target: string
}
export interface AuditRow { at: string; kind: string; instrument: string; by: string; why: string; payload: unknown }

/** Marks a value false (or clears the mark): the newest judgement per value wins. */
export async function writeFlag(store: StoreClient, f: FlagWrite): Promise<void> {
  await store.client.insert({
    table: `${store.database}.qc_flags`, format: 'JSONEachRow',
    values: [{ instrument: f.instrument, param: f.param, setup: f.setup, ts: f.tsMs, product: f.product, flag: f.flagged ? 1 : 0, by: f.by, why: f.why, at: f.atMs }],
  })
}

/** Forces a product's score OK (or releases it). */
export async function writeOverride(store: StoreClient, o: { instrument: string; product: string; forcedOk: boolean; by: string; why: string; atMs: number }): Promise<void> {
  await store.client.insert({ table: `${store.database}.qc_overrides`, format: 'JSONEachRow', values: [{ instrument: o.instrument, product: o.product, forced_ok: o.forcedOk ? 1 : 0, by: o.by, why: o.why, at: o.atMs }] })
}

/** Stores a comment on a value, a product or a report-night. */
export async function writeComment(store: StoreClient, c: CommentWrite): Promise<void> {
  await store.client.insert({
    table: `${store.database}.qc_comments`, format: 'JSONEachRow',
    values: [{ id: c.id, instrument: c.instrument, kind: c.kind, ts: c.tsMs, text: c.text, internal: c.internal ? 1 : 0, by: c.by, at: c.atMs, param: c.param, setup: c.setup, product: c.product, report: c.report, target: c.target }],
  })
}

/** Appends one entry to the audit log. */
export async function writeAudit(store: StoreClient, a: { atMs: number; kind: string; instrument: string; by: string; why: string; payload: unknown }): Promise<void> {
  await store.client.insert({ table: `${store.database}.qc_actions`, values: [{ at: a.atMs, kind: a.kind, instrument: a.instrument, by: a.by, why: a.why, payload: JSON.stringify(a.payload) }], format: 'JSONEachRow' })
}

/** The newest 500 audit entries (of one instrument, or all when ''). */
export async function readAudit(store: StoreClient, instrument: string): Promise<AuditRow[]> {
  const rs = await store.client.query({
    query: `SELECT toString(at) AS at, kind, instrument, by, why, payload FROM ${store.database}.qc_actions
      WHERE {i:String} = '' OR instrument = {i:String} ORDER BY at DESC LIMIT 500`,
    query_params: { i: instrument }, format: 'JSONEachRow',
  })
  return (await rs.json<AuditRow & { payload: string }>()).map((r) => ({ ...r, payload: JSON.parse(r.payload) }))
}

/** A product's earliest value time (ms) and how many values it has (0: no such product). */
export async function productSpan(store: StoreClient, instrument: string, product: string): Promise<{ firstMs: number; values: number }> {
  const rs = await store.client.query({
    query: `SELECT toUnixTimestamp64Milli(min(ts)) AS t, count() AS n FROM ${store.database}.qc_values WHERE instrument = {i:String} AND product = {p:String}`,
    query_params: { i: instrument, p: product }, format: 'JSONEachRow',
  })
  const [{ t, n }] = await rs.json<{ t: string; n: string }>()
  return { firstMs: Number(t), values: Number(n) }
}
