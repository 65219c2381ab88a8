import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { card, formatHeader } from '../../../server/fits/format-header.ts'
import { astropyCards, fixtureProducts, PRODUCTS } from '../../helpers/eso-fixtures.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'
import { countRows } from '../../helpers/test-store.ts'
import { loadDictionaries } from '../../../server/catalogue/dictionaries.ts'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { createApp } from '../../../server/app.ts'
import { buildServices } from '../../../server/services.ts'

type App = Awaited<ReturnType<typeof makeTestApp>>
const raw = (t: App, name: string, body: Buffer, token = TOKEN) =>
  t.app.request(`/api/v1/products?name=${encodeURIComponent(name)}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'application/fits', authorization: `Bearer ${token}` } })

describe('POST /api/v1/products', () => {
  let t: App
  beforeAll(async () => { t = await makeTestApp() })

  it('ingests every fixture product as a raw body, each stored value equal to the header value', async () => {
    for (const f of fixtureProducts()) {
      const res = await raw(t, f, readFileSync(join(PRODUCTS, f)))
      expect(res.status, f).toBe(200)
      expect((await res.json()).results[0].status).toBe('ingested')
    }
    const rs = await t.store.client.query({ query: `SELECT instrument, value FROM ${t.store.database}.qc_values FINAL`, format: 'JSONEachRow' })
    const stored = new Map<string, Set<number>>()
    for (const r of await rs.json<{ instrument: string; value: number }>()) {
      if (!stored.has(r.instrument)) stored.set(r.instrument, new Set())
      stored.get(r.instrument)!.add(r.value)
    }
    for (const inst of ['uves', 'hawki', 'muse', 'giraffe', 'vimos', 'naco']) {
      const name = inst === 'naco' ? 'NAOS+CONICA' : inst.toUpperCase() // NACO's INSTRUME
      for (const c of astropyCards(inst).filter((x) => x.type === 'float' || x.type === 'int')) {
        expect(stored.get(name)?.has(Number(c.value)), `${c.file} ${c.key}`).toBe(true)
      }
    }
  })

  it('a product without a numeric QC card says so and links to no product page; text cards are reported as skipped', async () => {
    const bpm = (await (await raw(t, 'bad_pixel_map.fits', readFileSync(join(PRODUCTS, 'giraffe/night01/bad_pixel_map.hdr.fits')))).json()).results[0]
    expect(bpm).toMatchObject({ status: 'ingested', values: 0, accepted: 0, note: 'no numeric QC card: nothing to trend, nothing stored' })
    expect(bpm.product).toBeUndefined()
    const redu = (await (await raw(t, 'masterbias_redu.fits', readFileSync(join(PRODUCTS, 'uves/night01/masterbias_redu.fits')))).json()).results[0]
    expect(redu.skipped.map((k: { keyword: string }) => k.keyword)).toContain('ESO QC DID')
    // A product that was stored has its page, which shows the text cards as attributes.
    const page = await t.app.request(`/api/v1/products/${encodeURIComponent(redu.product)}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(page.status).toBe(200)
    const did = (await page.json()).attributes.find((a: { keyword: string }) => a.keyword === 'ESO QC DID')
    expect(did).toEqual({ keyword: 'ESO QC DID', value: redu.skipped.find((k: { keyword: string }) => k.keyword === 'ESO QC DID').value, hdu: 0 })
  })

  it('an undeclared keyword takes unit and description from its card comment, shown in the catalogue with that source', async () => {
    const body = Buffer.concat([formatHeader([card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', 0), card('INSTRUME', 'FORS2'), card('MJD-OBS', 60370.5),
      card('ESO PRO CATG', 'MASTER_BIAS'), card('ARCFILE', 'FORS2.2024-03-01T12:00:00.000.fits'), card('ESO QC RON', 3.3), card('ESO QC GLOW LEVEL', 12.5, 'Amplifier glow [e-]')])])
    expect((await (await raw(t, 'glow.fits', body)).json()).results[0]).toMatchObject({ status: 'ingested', uncatalogued: ['ESO QC GLOW LEVEL'] })
    const cat = await (await t.app.request('/api/v1/catalogue', { headers: { authorization: `Bearer ${TOKEN}` } })).json()
    const params = cat.instruments.find((i: { name: string }) => i.name === 'FORS2').reports.flatMap((r: { params: unknown[] }) => r.params)
    expect(params.find((p: { name: string }) => p.name === 'QC GLOW LEVEL')).toMatchObject({ unit: 'e-', description: 'Amplifier glow', source: 'comment', catalogued: false })
    // A declared parameter keeps the catalogue's unit and says so.
    expect(params.find((p: { name: string }) => p.name === 'ron')).toMatchObject({ unit: 'ADU', source: 'catalogue', catalogued: true })
  })

  it('one product per recipe output: UVES BLUE/REDL/REDU and HAWK-I dark/readgain of one run, GIRAFFE per night', async () => {
    const fresh = await makeTestApp()
    const files = ['uves/night01/masterbias_blue.fits', 'uves/night01/masterbias_redl.fits', 'uves/night01/masterbias_redu.fits', 'hawki/night01/darkcomb.fits', 'hawki/night01/readgain.fits', 'giraffe/night01/master_bias.hdr.fits', 'giraffe/night02/master_bias.hdr.fits']
    const products: string[] = [], counts: number[] = []
    for (const f of files) {
      const r = (await (await raw(fresh, f.split('/').pop()!, readFileSync(join(PRODUCTS, f)))).json()).results[0]
      products.push(r.product); counts.push(r.values)
    }
    expect(new Set(products).size).toBe(files.length)
    expect(products[0]).toBe('UVES.2024-03-01T10:05:00.000.fits MASTER_BIAS_BLUE')
    // Each product page shows that file's values only, from that file.
    for (const [k, f] of files.entries()) {
      const detail = await (await fresh.app.request(`/api/v1/products/${encodeURIComponent(products[k])}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()
      expect(detail.sources.map((x: { file: string }) => x.file), f).toEqual([f.split('/').pop()])
      // All of this file's values, nobody else's (before, UVES's three files showed as one product of the first).
      expect(detail.values.length, f).toBe(counts[k])
    }
  })

  it('a store from before product identities keeps its names: re-sending an old product only counts duplicates', async () => {
    const old = await makeTestApp()
    const f = 'uves/night01/masterbias_blue.fits'
    const first = (await (await raw(old, 'masterbias_blue.fits', readFileSync(join(PRODUCTS, f)))).json()).results[0]
    // As an older qcloop stored it: the same values under the ARCFILE name.
    // (product is a key column: the rows are copied under the old name and the new ones dropped.)
    await old.store.client.command({ query: `INSERT INTO ${old.store.database}.qc_values SELECT * REPLACE ('UVES.2024-03-01T10:05:00.000.fits' AS product) FROM ${old.store.database}.qc_values` })
    await old.store.client.command({ query: `DELETE FROM ${old.store.database}.qc_values WHERE product = {p:String}`, query_params: { p: first.product } })
    const before = await countRows(old.store)
    // The new qcloop starts on that store (a process of its own: it looks for old names once, at its first product).
    const upgraded = { app: createApp(await buildServices({ ...old.store }, loadCatalogues('qc-params')), { token: TOKEN, anonymous: 'all', maxBodyBytes: 32 << 20 }) } as App
    const again = (await (await raw(upgraded, 'masterbias_blue.fits', readFileSync(join(PRODUCTS, f)))).json()).results[0]
    expect(again).toMatchObject({ status: 'ingested', accepted: 0, duplicates: first.values, product: 'UVES.2024-03-01T10:05:00.000.fits' })
    expect(await countRows(old.store)).toBe(before)
  })

  it('an undeclared keyword an ESO QC dictionary knows takes its unit from the dictionary, before the card comment', async () => {
    const withDic = await makeTestApp({ services: { dictionaries: loadDictionaries(['test/fixtures/dictionaries']) } })
    // QC ORD RESIDAVG is in nm in ESO's UVES QC dictionary; the card comment says otherwise.
    const body = Buffer.concat([formatHeader([card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', 0), card('INSTRUME', 'UVES'), card('MJD-OBS', 60370.5),
      card('ESO PRO CATG', 'MASTER_BIAS_BLUE'), card('ARCFILE', 'UVES.2024-03-01T12:00:00.000.fits'), card('ESO QC OUT1 RON MASTER', 1.06), card('ESO QC ORD RESIDAVG', 12.5, 'wrong [km]')])])
    expect((await (await raw(withDic, 'dic.fits', body)).json()).results[0]).toMatchObject({ status: 'ingested' })
    const cat = await (await withDic.app.request('/api/v1/catalogue', { headers: { authorization: `Bearer ${TOKEN}` } })).json()
    const params = cat.instruments.find((i: { name: string }) => i.name === 'UVES').reports.flatMap((r: { params: unknown[] }) => r.params)
    expect(params.find((p: { name: string }) => p.name === 'QC ORD RESIDAVG')).toMatchObject({ unit: 'nm', source: 'dictionary', catalogued: false })
  })

  it('is idempotent: re-ingesting a product adds nothing', async () => {
    const before = await countRows(t.store)
    const res = await raw(t, 'darkcomb.fits', readFileSync(join(PRODUCTS, 'hawki/night01/darkcomb.fits')))
    expect((await res.json()).results[0]).toMatchObject({ status: 'ingested', accepted: 0, duplicates: 60, values: 60 })
    expect(await countRows(t.store)).toBe(before)
  })

  it('refuses a multipart body over the body limit with 413 on both uploads (it is buffered), writing nothing', async () => {
    const small = await makeTestApp({ maxBodyBytes: 1 << 16 })
    for (const path of ['/api/v1/products', '/api/v1/products/rekey']) {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(readFileSync(join(PRODUCTS, 'uves/night01/masterbias_blue.fits')))]), 'masterbias_blue.fits')
      form.append('padding', new Blob([new Uint8Array(1 << 20)]), 'padding.fits')
      const res = await small.app.request(path, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } })
      expect(res.status, path).toBe(413)
    }
    expect(await countRows(small.store)).toBe(0)
  })

  it('takes several files as multipart, and answers per file with 207 when some are refused', async () => {
    const form = new FormData()
    form.append('a', new File([readFileSync(join(PRODUCTS, 'uves/night02/masterbias_blue.fits'))], 'masterbias_blue.fits'))
    form.append('b', new File(['not a fits file at all'], 'notes.fits'))
    const res = await t.app.request('/api/v1/products', { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(207)
    const body = await res.json()
    expect(body).toMatchObject({ ingested: 1, refused: 1 })
    expect(body.results[1]).toEqual({ file: 'notes.fits', status: 'refused', reason: expect.stringMatching(/not a FITS file/) })
  })

  it('refuses a truncated product with 422 and writes none of its values', async () => {
    const before = await countRows(t.store)
    const whole = readFileSync(join(PRODUCTS, 'hawki/night02/darkcomb.fits'))
    const res = await raw(t, 'darkcomb.fits', whole.subarray(0, whole.length - 5000))
    expect(res.status).toBe(422)
    expect((await res.json()).results[0].reason).toMatch(/truncated/)
    expect(await countRows(t.store)).toBe(before)
  })

  it('needs the token', async () => {
    expect((await raw(t, 'x.fits', Buffer.alloc(10), 'nope')).status).toBe(401)
  })

  it('lists uncatalogued keywords in the catalogue API', async () => {
    const made = Buffer.concat([formatHeader([card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', 0), card('INSTRUME', 'HAWKI'), card('MJD-OBS', 60380.42),
      card('ESO PRO CATG', 'MASTER_DARK'), card('ARCFILE', 'HAWKI.2024-03-11T10:05:00.000.fits'), card('ESO QC BRAND NEW', 1.5)])])
    expect((await raw(t, 'new.fits', made)).status).toBe(200)
    const body = await (await t.app.request('/api/v1/catalogue')).json()
    const hawki = body.instruments.find((i: { name: string }) => i.name === 'HAWKI')
    const dark = hawki.reports.find((r: { name: string }) => r.name === 'DARK')
    expect(dark.params.find((p: { name: string }) => p.name === 'QC BRAND NEW')).toMatchObject({ catalogued: false, count: 1, class: null })
    expect(dark.params.find((p: { name: string }) => p.name === 'ron_mean')).toMatchObject({ catalogued: true, unit: 'ADU', count: 12 })
  })
})
