import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { catalogueCommand } from '../../../server/cli/catalogue-command.ts'
import { CompiledCatalogues } from '../../../server/catalogue/compiled-catalogues.ts'
import { parseCatalogue } from '../../../server/catalogue/load-catalogues.ts'
import { readFitsHeaders } from '../../../server/fits/read-headers.ts'
import { extractProduct } from '../../../server/products/extract-product.ts'
import { fixtureProducts, PRODUCTS } from '../../helpers/eso-fixtures.ts'

const sink = () => { let text = ''; return { write: (t: string) => { text += t }, get text() { return text } } }

describe('qcloop catalogue draft', () => {
  it('drafts a catalogue from real UVES products that the server accepts unchanged and that declares every QC value', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qcloop-draft-')), 'uves.yaml')
    const o = sink(), e = sink()
    const code = await catalogueCommand(['draft', join(PRODUCTS, 'uves'), '--instrument', 'UVES', '--out', out, '--dictionaries', 'test/fixtures/dictionaries'], {}, o, e)
    expect(e.text).toBe('')
    expect(code).toBe(0)
    expect(o.text).toMatch(/wrote .*uves\.yaml: 9 product\(s\)/)
    const cat = parseCatalogue(out, readFileSync(out, 'utf8'))
    expect(cat.reports.map((r) => r.name)).toEqual(['MASTER_BIAS_BLUE', 'MASTER_BIAS_REDL', 'MASTER_BIAS_REDU'])
    expect(cat.rules).toEqual([])
    const ron = cat.reports[0].params.find((p) => p.keyword === 'ESO QC OUT{n1} RON MASTER')
    // Described by ESO's UVES QC dictionary.
    expect(ron).toMatchObject({ name: 'out_ron_master', description: 'Read noise frame in ADU', class: 'CAL' })
    // With only the draft, the same products have no uncatalogued QC value left, and keep every value.
    const draft = new CompiledCatalogues([cat]), none = new CompiledCatalogues([])
    for (const f of fixtureProducts().filter((x) => x.startsWith('uves/'))) {
      const headers = await readFitsHeaders(join(PRODUCTS, f))
      const p = extractProduct(headers, f, draft)
      expect(p.uncatalogued, f).toEqual([])
      expect(p.values.length, f).toBe(extractProduct(headers, f, none).values.length)
    }
  })

  it('never overwrites a catalogue, and says when no product of the instrument is among the files', async () => {
    const e = sink()
    expect(await catalogueCommand(['draft', join(PRODUCTS, 'uves'), '--instrument', 'UVES', '--out', 'qc-params/uves.yaml'], {}, sink(), e)).toBe(1)
    expect(e.text).toMatch(/qc-params\/uves\.yaml exists/)
    const e2 = sink()
    expect(await catalogueCommand(['draft', join(PRODUCTS, 'uves'), '--instrument', 'VIMOS', '--out', join(mkdtempSync(join(tmpdir(), 'qcloop-draft-')), 'v.yaml')], {}, sink(), e2)).toBe(1)
    expect(e2.text).toMatch(/no VIMOS product/)
  })
})
