import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { catalogueCommand } from '../../../server/cli/catalogue-command.ts'
import { loadDictionaries } from '../../../server/catalogue/dictionaries.ts'
import { loadCatalogues, parseCatalogue } from '../../../server/catalogue/load-catalogues.ts'
import { astropyCards, fixtureProducts, PRODUCTS } from '../../helpers/eso-fixtures.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

// Real products of two instruments qcloop ships no catalogue for, made by ESO's own recipes
// (test/fixtures/eso/recipe/make_products.sh): VIMOS vmbias, one file per quadrant with only
// ESO DET CHIP1 ID telling the quadrants apart; NACO naco_img_dark, four products per run
// (AVG, HOT, COLD, DEV) carrying one QC block and one ARCFILE.
type App = Awaited<ReturnType<typeof makeTestApp>>
const auth = { headers: { authorization: `Bearer ${TOKEN}` } }
const upload = async (t: App, f: string) => (await (await t.app.request(`/api/v1/products?name=${encodeURIComponent(basename(f))}`, {
  method: 'POST', body: new Uint8Array(readFileSync(join(PRODUCTS, f))), headers: { 'content-type': 'application/fits', ...auth.headers },
})).json()).results[0]
const files = (inst: string) => fixtureProducts().filter((f) => f.startsWith(`${inst}/`))
const get = async (t: App, path: string) => (await t.app.request(path, auth)).json()

describe('instruments without a catalogue, from their real products', () => {
  let t: App
  const results = new Map<string, { product: string; values: number }>()
  beforeAll(async () => {
    t = await makeTestApp({ services: { dictionaries: loadDictionaries(['test/fixtures/dictionaries']) } })
    for (const f of [...files('vimos'), ...files('naco')]) {
      const r = await upload(t, f)
      expect(r.status, `${f}: ${r.reason}`).toBe('ingested')
      results.set(f, r)
    }
    await t.services.scoring.idle()
  })

  it('VIMOS: four quadrants in four files are four series, each holding its own quadrant\'s values', async () => {
    const body = await get(t, '/api/v1/series?instrument=VIMOS&param=QC%20BIAS%20MEAN')
    expect(body.series).toHaveLength(4)
    const cards = astropyCards('vimos').filter((c) => c.key === 'ESO QC BIAS MEAN')
    for (const [q, ccd] of [[1, 'CCD-59B'], [2, 'CCD-59A'], [3, 'CCD-60A'], [4, 'CCD-60B']] as const) {
      const s = body.series.find((x: { setup: string }) => x.setup.includes(ccd))
      expect(s, ccd).toBeDefined()
      const expected = cards.filter((c) => c.file.includes(`/q${q}_`)).map((c) => Number(c.value))
      expect(expected).toHaveLength(3)
      expect([...s.value].sort()).toEqual([...expected].sort())
    }
    // The same detector setup apart from the chip: read-out clock and binning are in every label.
    expect(body.series.every((s: { setup: string }) => s.setup.includes('225kHz,1port,low_gain'))).toBe(true)
  })

  it('NACO: the four outputs of one run are four products, each with its own PRO CATG and file', async () => {
    const night1 = files('naco').filter((f) => f.includes('night01'))
    const ids = night1.map((f) => results.get(f)!.product)
    expect(new Set(ids).size).toBe(4)
    for (const [i, f] of night1.entries()) {
      const d = await get(t, `/api/v1/products/${encodeURIComponent(ids[i])}?instrument=NAOS%2BCONICA`)
      expect(d.sources.map((s: { file: string; proCatg: string }) => [s.file, s.proCatg])).toEqual([[basename(f), ids[i].split(' ').pop()]])
      expect(d.values).toHaveLength(6)
    }
    expect(ids.map((id) => id.split(' ').pop()).sort()).toEqual(['NACO_IMG_DARK_AVG', 'NACO_IMG_DARK_COLD', 'NACO_IMG_DARK_DEV', 'NACO_IMG_DARK_HOT'])
  })

  it('NACO in the reverse order names the same products with the same values', async () => {
    const other = await makeTestApp()
    const back = new Map<string, string>()
    for (const f of [...files('naco')].reverse()) back.set(f, (await upload(other, f)).product)
    for (const f of files('naco')) expect(back.get(f), f).toBe(results.get(f)!.product)
    const a = await get(t, `/api/v1/products/${encodeURIComponent(results.get(files('naco')[0])!.product)}`)
    const b = await get(other, `/api/v1/products/${encodeURIComponent(results.get(files('naco')[0])!.product)}`)
    expect(b.values.map((v: { param: string; value: number }) => [v.param, v.value])).toEqual(a.values.map((v: { param: string; value: number }) => [v.param, v.value]))
  })

  it('units of uncatalogued keywords: NACO\'s bare cards from ESO\'s NACO QC dictionary, VIMOS\'s from the [ADU] in their comments', async () => {
    const cat = await get(t, '/api/v1/catalogue')
    const params = (name: string) => cat.instruments.find((i: { name: string }) => i.name === name).reports.flatMap((r: { params: unknown[] }) => r.params)
    expect(params('NAOS+CONICA').find((p: { name: string }) => p.name === 'QC DARKMED')).toMatchObject({ unit: 'ADU', source: 'dictionary', catalogued: false })
    const vimos = params('VIMOS').find((p: { name: string }) => p.name === 'QC BIAS MEAN')
    expect(vimos.unit).toBe('ADU')
    expect(['dictionary', 'comment']).toContain(vimos.source)
  })

  it('a drafted VIMOS catalogue loads and names every value of the products in a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcloop-vimos-'))
    const out = join(dir, 'vimos.yaml')
    let err = ''
    const code = await catalogueCommand(['draft', join(PRODUCTS, 'vimos'), '--instrument', 'VIMOS', '--out', out, '--dictionaries', 'test/fixtures/dictionaries'], {}, { write: () => {} }, { write: (s: string) => { err += s } })
    expect(err).toBe('')
    expect(code).toBe(0)
    const draft = parseCatalogue(out, readFileSync(out, 'utf8'))
    // The one setup key that varies between the quadrants' files: the chip.
    expect(draft.setup.keys.map((k) => k.keyword)).toEqual(['ESO DET CHIP1 ID'])
    const withDraft = await makeTestApp({ catalogues: [...loadCatalogues('qc-params'), draft] })
    for (const f of files('vimos')) {
      const r = await upload(withDraft, f)
      expect(r, f).toMatchObject({ status: 'ingested', report: 'MASTER_BIAS', uncatalogued: [] })
      expect(r.values).toBe(results.get(f)!.values)
    }
    const series = await get(withDraft, `/api/v1/series?instrument=VIMOS&param=${draft.reports[0].params.find((p) => p.keyword === 'ESO QC BIAS MEAN')!.name}`)
    expect(series.series).toHaveLength(4)
  })
})
