import type { StoreClient } from './client.ts'

/** One QC value of a product with its provenance and newest score (cause '' = not scored yet). */
export interface ProductValueRow {
  instrument: string; param: string; setup: string; report: string; t: number; value: number
  file: string; proCatg: string; recipe: string; pipeline: string; score: number; cause: string
}
export interface CommentRow { instrument: string; kind: string; report: string; param: string; setup: string; t: number; product: string; text: string; by: string; at: string; internal: boolean }
export interface FlagRow { param: string; setup: string; by: string; why: string; at: string }

/**
 * Every QC value of one product (of one instrument, or any when `instrument` is ''), with
 * provenance and its newest score.
 *
 * @example
 * const rows = await readProductValues(store, 'UVES.2024-03-01T10:05:00.000.fits', 'UVES')
 */
export async function readProductValues(store: StoreClient, product: string, instrument: string): Promise<ProductValueRow[]> {
  const db = store.database
  const rs = await store.client.query({
    query: `SELECT v.instrument AS instrument, v.param AS param, v.setup AS setup, v.report AS report, toUnixTimestamp64Milli(v.ts) AS t, v.value AS value,
        v.file AS file, v.pro_catg AS proCatg, v.recipe AS recipe, v.pipeline AS pipeline, sc.score AS score, sc.cause AS cause
      FROM ${db}.qc_values AS v FINAL
      LEFT JOIN (SELECT param, setup, ts, product, argMax(score, scored_at) AS score, argMax(cause, scored_at) AS cause
        FROM ${db}.qc_scores WHERE product = {p:String} AND ({i:String} = '' OR instrument = {i:String}) GROUP BY param, setup, ts, product) AS sc
        ON v.param = sc.param AND v.setup = sc.setup AND v.ts = sc.ts AND v.product = sc.product
      WHERE v.product = {p:String} AND ({i:String} = '' OR v.instrument = {i:String})
      ORDER BY v.param, v.setup`,
    query_params: { p: product, i: instrument }, format: 'JSONEachRow',
  })
  return (await rs.json<ProductValueRow & { t: string }>()).map((r) => ({ ...r, t: Number(r.t) }))
}

/** Comments on one product, oldest first. */
export async function readProductComments(store: StoreClient, product: string, instrument: string): Promise<CommentRow[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, kind, report, param, setup, toUnixTimestamp64Milli(ts) AS t, product, text, by, toString(at) AS at, internal
      FROM ${store.database}.qc_comments WHERE product = {p:String} AND ({i:String} = '' OR instrument = {i:String}) ORDER BY at`,
    query_params: { p: product, i: instrument }, format: 'JSONEachRow',
  })
  return commentRows(await rs.json())
}

/** Every comment of an instrument, in time order (plot markers). */
export async function readComments(store: StoreClient, instrument: string): Promise<CommentRow[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, kind, report, param, setup, toUnixTimestamp64Milli(ts) AS t, product, text, by, toString(at) AS at, internal
      FROM ${store.database}.qc_comments WHERE instrument = {i:String} ORDER BY ts`,
    query_params: { i: instrument }, format: 'JSONEachRow',
  })
  return commentRows(await rs.json())
}

/** The values of one product currently marked false, with who, when and why (newest judgement per value wins). */
export async function readProductFlags(store: StoreClient, product: string, instrument: string): Promise<FlagRow[]> {
  const rs = await store.client.query({
    query: `SELECT param, setup, by, why, toString(at) AS at FROM ${store.database}.qc_flags FINAL WHERE product = {p:String} AND ({i:String} = '' OR instrument = {i:String}) AND flag = 1`,
    query_params: { p: product, i: instrument }, format: 'JSONEachRow',
  })
  return rs.json<FlagRow>()
}

const commentRows = (rows: (Omit<CommentRow, 't' | 'internal'> & { t: string; internal: number })[]): CommentRow[] =>
  rows.map((r) => ({ ...r, t: Number(r.t), internal: Number(r.internal) === 1 }))

/**
 * Whether the store holds product values named the way qcloop named products before product
 * identities (a product file's values whose name does not end in its PRO CATG). Asked once per
 * store and process: a store opened by this code never gains such names, so on a store without
 * them no product ingestion pays the per-file lookup below. (A process of an older version
 * writing to the same store at the same time would go unnoticed until a restart.)
 */
const legacyStores = new WeakMap<StoreClient, Promise<boolean>>()
export function hasLegacyProductNames(store: StoreClient): Promise<boolean> {
  let known = legacyStores.get(store)
  if (!known) {
    known = store.client.query({
      query: `SELECT count() AS n FROM (SELECT 1 FROM ${store.database}.qc_values WHERE pro_catg != '' AND NOT endsWith(product, concat(' ', pro_catg)) LIMIT 1)`,
      format: 'JSONEachRow',
    }).then(async (rs) => Number((await rs.json<{ n: string }>())[0].n) > 0)
    // A failed look is not remembered: the next ingestion asks again.
    known.catch(() => legacyStores.delete(store))
    legacyStores.set(store, known)
  }
  return known
}

/** Whether values of this product file are stored under its pre-identity name (a store from before product identities; product-identity.ts). */
export async function storedUnderLegacyName(store: StoreClient, instrument: string, legacy: string, proCatg: string, tsMs: number): Promise<boolean> {
  if (!(await hasLegacyProductNames(store))) return false
  const rs = await store.client.query({
    query: `SELECT count() AS n FROM ${store.database}.qc_values WHERE instrument = {i:String} AND product = {p:String} AND pro_catg = {c:String}
      AND ts = fromUnixTimestamp64Milli({t:Int64}, 'UTC')`,
    query_params: { i: instrument, p: legacy, c: proCatg, t: tsMs }, format: 'JSONEachRow',
  })
  return Number((await rs.json<{ n: string }>())[0].n) > 0
}

/** A product's text or logical QC card, kept as an attribute (never a trended value). */
export interface ProductAttribute { keyword: string; value: string; hdu: number }

/** Records a product's attributes (re-sent: the newest wins per keyword). */
export async function writeProductAttributes(store: StoreClient, instrument: string, product: string, attrs: ProductAttribute[], atMs: number): Promise<void> {
  if (attrs.length === 0) return
  await store.client.insert({
    table: `${store.database}.qc_product_attrs`, format: 'JSONEachRow',
    values: attrs.map((a) => ({ instrument, product, keyword: a.keyword, value: a.value, hdu: a.hdu, at: atMs })),
  })
}

/** A product's attributes, by keyword. */
export async function readProductAttributes(store: StoreClient, product: string, instrument: string): Promise<ProductAttribute[]> {
  const rs = await store.client.query({
    query: `SELECT keyword, value, hdu FROM ${store.database}.qc_product_attrs FINAL WHERE product = {p:String} AND ({i:String} = '' OR instrument = {i:String}) ORDER BY keyword`,
    query_params: { p: product, i: instrument }, format: 'JSONEachRow',
  })
  return rs.json<ProductAttribute>()
}
