import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../server/app.ts'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { readFitsHeaders } from '../../../server/fits/read-headers.ts'
import { extractProduct } from '../../../server/products/extract-product.ts'
import { buildServices } from '../../../server/services.ts'
import type { StoreClient } from '../../../server/store/client.ts'
import { PRODUCTS } from '../../helpers/eso-fixtures.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

// UVES's three master biases of one night share their first raw frame's ARCFILE: before product
// identities they were one product under that name.
const FILES = ['masterbias_blue.fits', 'masterbias_redl.fits', 'masterbias_redu.fits'].map((f) => `uves/night01/${f}`)
type App = Awaited<ReturnType<typeof makeTestApp>>
const auth = { authorization: `Bearer ${TOKEN}` }
const upload = (app: { request: App['app']['request'] }, path: string, f: string) =>
  app.request(`${path}?name=${encodeURIComponent(f.split('/').pop()!)}`, { method: 'POST', body: new Uint8Array(readFileSync(join(PRODUCTS, f))), headers: { 'content-type': 'application/fits', ...auth } })

async function rows(store: StoreClient, query: string): Promise<unknown[]> {
  return (await store.client.query({ query: query.replaceAll('DB.', `${store.database}.`), format: 'JSONCompact' })).json().then((r) => r.data)
}
/** What a QC scientist sees of the products: values with provenance, marks, comments, forced OKs, roll-ups (times of writing left out). */
const picture = async (s: StoreClient) => ({
  values: await rows(s, 'SELECT instrument, param, setup, ts, product, report, value, status, file, pro_catg, recipe, pipeline FROM DB.qc_values FINAL ORDER BY ALL'),
  scores: await rows(s, 'SELECT param, setup, ts, product, score, cause FROM DB.qc_scores FINAL ORDER BY ALL'),
  flags: await rows(s, 'SELECT param, setup, ts, product, flag, why FROM DB.qc_flags FINAL ORDER BY ALL'),
  comments: await rows(s, 'SELECT kind, target, param, setup, product, text FROM DB.qc_comments ORDER BY ALL'),
  overrides: await rows(s, 'SELECT product, forced_ok, why FROM DB.qc_overrides FINAL ORDER BY ALL'),
  products: await rows(s, 'SELECT report, product, ts, setups, score, forced_ok, values FROM DB.qc_products FINAL ORDER BY ALL'),
  states: await rows(s, 'SELECT param, setup, ts, value, product, score, cause, count FROM DB.qc_series_state FINAL ORDER BY ALL'),
})

/** The rows of a picture that name the product (a cell equal to it: the identities contain the old name). */
const named = (p: Record<string, unknown[]>, product: string) => Object.entries(p).flatMap(([table, rs]) => (rs as unknown[][]).filter((r) => r.includes(product)).map((r) => [table, ...r]))

/**
 * Marks a value of the BLUE product false and comments it, comments the products and forces them
 * OK: through the API, as people do. (In an old store "the product" was all three arms: what was
 * said of it is said of each of them after re-keying.)
 */
async function judge(t: App, product: string, products: string[]) {
  const [[param, setup, ts]] = await rows(t.store, `SELECT param, setup, toString(ts) FROM DB.qc_values WHERE product = '${product}' ORDER BY param LIMIT 1`) as string[][]
  const iso = `${ts.replace(' ', 'T')}Z`
  for (const [path, body] of [
    ['flag', { instrument: 'UVES', param, setup, ts: iso, product, why: 'cosmic on the bias' }],
    ['comment', { kind: 'value', instrument: 'UVES', param, setup, ts: iso, product, text: 'a cosmic' }],
    ...products.flatMap((p) => [
      ['comment', { kind: 'product', instrument: 'UVES', product: p, ts: iso, text: 'shutter noisy that night' }],
      ['force-ok', { instrument: 'UVES', product: p, why: 'accepted by the instrument scientist' }],
    ] as const),
  ] as const) {
    const res = await t.postJson(`/api/v1/actions/${path}`, body)
    expect(res.status, `${path} ${await res.clone().text()}`).toBeLessThan(300)
  }
  await t.services.scoring.idle()
}

describe('re-keying a store from before product identities (POST /api/v1/products/rekey, qcloop ingest --rekey)', () => {
  let fresh: App, old: App
  let ids: string[], legacy: string
  beforeAll(async () => {
    const compiled = (await makeTestApp()).services.compiled()
    const products = await Promise.all(FILES.map(async (f) => extractProduct(await readFitsHeaders(join(PRODUCTS, f)), f, compiled)))
    ids = products.map((p) => p.product)
    legacy = products[0].legacyProduct
    expect(new Set(products.map((p) => p.legacyProduct))).toEqual(new Set([legacy])) // the collision this is about

    // What a store written today holds, judged by people.
    fresh = await makeTestApp()
    for (const f of FILES) expect((await upload(fresh.app, '/api/v1/products', f)).status).toBe(200)
    await fresh.services.scoring.idle()
    await judge(fresh, ids[0], ids)

    // The same history as an older qcloop stored it: the three products under the ARCFILE name,
    // judged there (product is a key column: rows are copied under the old name, the new ones dropped).
    old = await makeTestApp()
    for (const f of FILES) expect((await upload(old.app, '/api/v1/products', f)).status).toBe(200)
    const db = old.store.database, sync = { lightweight_deletes_sync: '2' }
    for (const id of ids) {
      const p = { query_params: { id, legacy } }
      // (The filter in a subquery: REPLACE's alias would shadow the column in a WHERE beside it.)
      await old.store.client.command({ ...p, query: `INSERT INTO ${db}.qc_values SELECT * REPLACE ({legacy:String} AS product) FROM (SELECT * FROM ${db}.qc_values WHERE product = {id:String})` })
      for (const table of ['qc_values', 'qc_scores', 'qc_products', 'qc_product_attrs']) await old.store.client.command({ ...p, query: `DELETE FROM ${db}.${table} WHERE product = {id:String}`, clickhouse_settings: sync })
    }
    old.services.scoring.request('UVES', null, 0)
    await old.services.scoring.idle()
    await judge(old, legacy, [legacy])
    expect(named(await picture(old.store), legacy).length).toBeGreaterThan(30)
  })

  it('moves each file\'s values, marks, comments and forced OK to its identity: the store equals one written today', async () => {
    // A qcloop of this version starts on the old store (its own process: it looks for old names once).
    const services = await buildServices({ ...old.store }, loadCatalogues('qc-params'))
    const upgraded = createApp(services, { token: TOKEN, anonymous: 'all', maxBodyBytes: 32 << 20 })
    // A plain upload keeps the old name (a duplicate) ...
    const plain = (await (await upload(upgraded, '/api/v1/products', FILES[0])).json()).results[0]
    expect(plain).toMatchObject({ status: 'ingested', accepted: 0, product: legacy })
    // ... the re-keying upload moves it; what is left under old names shrinks to nothing.
    const left: unknown[] = []
    for (const [i, f] of FILES.entries()) {
      const res = await upload(upgraded, '/api/v1/products/rekey', f)
      expect(res.status).toBe(200)
      const a = await res.json()
      expect(a.results[0]).toMatchObject({ status: 'ingested', product: ids[i], rekeyed: { from: legacy, values: a.results[0].values } })
      left.push(a.legacyLeft)
    }
    expect(left[0]).toEqual([{ instrument: 'UVES', values: expect.any(Number), products: 1 }])
    expect(left.at(-1)).toEqual([])
    await services.scoring.idle()
    const after = await picture(old.store)
    expect(named(after, legacy)).toEqual([])
    expect(after).toEqual(await picture(fresh.store))
    // Nothing is left behind in any table that names products.
    for (const table of ['qc_values', 'qc_scores', 'qc_flags', 'qc_comments', 'qc_overrides', 'qc_products', 'qc_product_attrs', 'qc_series_state']) {
      expect(await rows(old.store, `SELECT count() FROM DB.${table} ${table === 'qc_comments' ? '' : 'FINAL'} WHERE product = '${legacy}'`), table).toEqual([['0']])
    }
    // The product page of the re-keyed BLUE shows its mark and comment.
    const page = await (await upgraded.request(`/api/v1/products/${encodeURIComponent(ids[0])}`, { headers: auth })).json()
    expect(JSON.stringify(page)).toContain('shutter noisy that night')
    // Re-keying again changes nothing.
    const again = (await (await upload(upgraded, '/api/v1/products/rekey', FILES[0])).json()).results[0]
    expect(again).toMatchObject({ accepted: 0, duplicates: again.values })
    expect(again.rekeyed).toBeUndefined()
    expect(await picture(old.store)).toEqual(after)
  })

  it('is an admin\'s: a pipeline token may upload products but not re-key', async () => {
    const t = await makeTestApp()
    const made = await (await t.postJson('/api/v1/tokens', { name: 'pipe', role: 'pipeline' })).json()
    const res = await t.app.request('/api/v1/products/rekey?name=a.fits', { method: 'POST', body: new Uint8Array(readFileSync(join(PRODUCTS, FILES[0]))), headers: { 'content-type': 'application/fits', authorization: `Bearer ${made.token}` } })
    expect(res.status).toBe(403)
    expect(await rows(t.store, 'SELECT count() FROM DB.qc_values')).toEqual([['0']])
  })
})
