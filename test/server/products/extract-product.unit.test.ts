import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CompiledCatalogues } from '../../../server/catalogue/compiled-catalogues.ts'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { card, formatHeader } from '../../../server/fits/format-header.ts'
import { readFitsHeaders, readFitsHeadersFromBuffer } from '../../../server/fits/read-headers.ts'
import { extractProduct } from '../../../server/products/extract-product.ts'
import { PRODUCTS } from '../../helpers/eso-fixtures.ts'

const cats = new CompiledCatalogues(loadCatalogues('qc-params'))
const extract = async (rel: string) => extractProduct(await readFitsHeaders(join(PRODUCTS, rel)), rel, cats)
const find = (p: Awaited<ReturnType<typeof extract>>, param: string, setup?: string) =>
  p.values.filter((v) => v.param === param && (setup === undefined || v.setup === setup))

describe('extractProduct on real products', () => {
  it('UVES: per-port keywords become one parameter with the port in the setup', async () => {
    const p = await extract('uves/night01/masterbias_redl.fits')
    expect(p).toMatchObject({ instrument: 'UVES', report: 'BIAS', proCatg: 'MASTER_BIAS_REDL', tsMs: Date.UTC(2024, 2, 1, 10, 5), recipe: 'uves_cal_mbias', pipeline: 'uves/6.1.8' })
    expect(find(p, 'ron_master')).toEqual([{ param: 'ron_master', keyword: 'ESO QC OUT4 RON MASTER', setup: 'REDL, 225kHz/2ports/low_gain, 1x1, port 4', value: 1.2529, catalogued: true, hdu: 0 }])
    expect(p.uncatalogued).toEqual([])
  })

  it('HAWK-I darkcomb: QC in four chip extensions, and ESO RON MEAN without the QC prefix', async () => {
    const p = await extract('hawki/night01/darkcomb.fits')
    expect(find(p, 'ron_mean').map((v) => v.setup).sort()).toEqual([1, 2, 3, 4].map((c) => `Chip ${c}, Double_RdRstRd, DIT 10 s`))
    expect(find(p, 'ron_mean', 'Chip 1, Double_RdRstRd, DIT 10 s')[0].value).toBe(5.58804972966512)
    expect(find(p, 'ron_pair', 'Chip 3, Double_RdRstRd, DIT 10 s, pair 2')[0].value).toBe(5.15752840042114)
    expect(find(p, 'ron_median', 'Chip 4, Double_RdRstRd, DIT 10 s')).toHaveLength(1)
    expect(p.values).toHaveLength(4 * 15)
    expect(p.uncatalogued).toEqual([])
  })

  it('HAWK-I readgain: per-chip keywords in a table extension without EXTNAME', async () => {
    const p = await extract('hawki/night01/readgain.fits')
    expect(p.report).toBe('READGAIN')
    expect(find(p, 'gain').map((v) => [v.setup, v.value])).toEqual([
      ['Chip 1, Double_RdRstRd', 1.738872], ['Chip 2, Double_RdRstRd', 1.886922], ['Chip 3, Double_RdRstRd', 1.736334], ['Chip 4, Double_RdRstRd', 2.119126],
    ])
  })

  it('MUSE: the block repeated in DATA, DQ and STAT counts once per IFU and quadrant', async () => {
    const p = await extract('muse/night01/MASTER_BIAS.hdr.fits')
    const ron = find(p, 'ron')
    expect(ron).toHaveLength(24 * 4)
    expect(new Set(ron.map((v) => v.setup)).size).toBe(96)
    expect(find(p, 'ron', 'IFU 01, SCI1.0, 1x1, quadrant 1')[0]).toMatchObject({ value: 2.582178, hdu: 1 })
    // The single-IFU product of the same exposure gives the same values for IFU 01.
    const one = await extract('muse/night01/MASTER_BIAS-01.fits')
    for (const v of one.values) expect(find(p, v.param, v.setup).map((x) => x.value)).toEqual([v.value])
  })

  it('GIRAFFE: no ARCFILE, so the product is named by its first raw frame; a product without QC gives no values', async () => {
    // Named by its run's first raw frame and its PRO CATG, so every night's master bias is its own product.
    expect((await extract('giraffe/night01/master_bias.hdr.fits')).product).toBe('GIRAF.2024-03-01T10:05:00.000.fits MASTER_BIAS')
    expect((await extract('giraffe/night01/master_bias.hdr.fits')).legacyProduct).toBe('master_bias.fits')
    const bpm = await extract('giraffe/night01/bad_pixel_map.hdr.fits')
    expect(bpm.values).toEqual([])
    expect(bpm.report).toBe('BAD_PIXEL_MAP')
  })
  it('names the text QC cards of a real UVES master bias as skipped, with their text', async () => {
    const p = await extract('uves/night01/masterbias_redu.fits')
    const did = p.skipped.find((k) => k.keyword === 'ESO QC DID')
    expect(did).toMatchObject({ hdu: 0, reason: 'a text card: kept as a product attribute, not trended' })
    expect(did!.value).toMatch(/\S/)
    expect(p.values.some((v) => v.keyword === 'ESO QC DID')).toBe(false)
  })
})

const product = (extra: string[], ext: string[][] = []) => Buffer.concat([
  formatHeader([card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', 0), card('EXTEND', true), ...extra]),
  ...ext.map((cards) => formatHeader([card('XTENSION', 'IMAGE'), card('BITPIX', 8), card('NAXIS', 0), card('PCOUNT', 0), card('GCOUNT', 1), ...cards])),
])
const fromBytes = async (b: Buffer) => extractProduct(await readFitsHeadersFromBuffer(b), 'made.fits', cats)
const base = [card('INSTRUME', 'FORS2'), card('MJD-OBS', 60370.5), card('ESO PRO CATG', 'MASTER_BIAS'), card('ARCFILE', 'FORS2.2024-03-01T12:00:00.000.fits')]

describe('extractProduct on made-up headers', () => {
  it('ingests an instrument without a catalogue with a generic setup, all values uncatalogued', async () => {
    const p = await fromBytes(product([card('INSTRUME', 'ESPRESSO'), card('DATE-OBS', '2024-03-01T10:00:00'), card('ESO PRO CATG', 'MASTER_BIAS'),
      card('ESO DET READ CLOCK', 'slow'), card('ESO QC RON', 3.1, '[e-] Read-out noise'), card('ESO QC DID', 'x')]))
    expect(p).toMatchObject({ instrument: 'ESPRESSO', report: 'MASTER_BIAS', tsMs: Date.UTC(2024, 2, 1, 10) })
    // Unit and description of an undeclared keyword come from its card's comment.
    expect(p.values).toEqual([{ param: 'QC RON', keyword: 'ESO QC RON', setup: 'slow', value: 3.1, catalogued: false, hdu: 0, unit: 'e-', description: 'Read-out noise' }])
    // The text card is not a value, and says so instead of vanishing.
    expect(p.skipped).toEqual([{ keyword: 'ESO QC DID', hdu: 0, value: 'x', reason: 'a text card: kept as a product attribute, not trended' }])
  })
  it('an uncatalogued instrument\'s chips never share a series: four quadrant files told apart only by DET CHIP1 ID', async () => {
    const setups = new Set<string>()
    for (const chip of ['CCD-59B', 'CCD-59A', 'CCD-60A', 'CCD-60B']) {
      const p = await fromBytes(product([card('INSTRUME', 'VIMOS'), card('MJD-OBS', 60370.5), card('ESO PRO CATG', 'MASTER_BIAS'), card('ARCFILE', 'VIMOS.2024-03-01T12:00:00.000.fits'),
        card('ESO DET CHIP1 ID', chip), card('ESO DET READ CLOCK', '225kHz,1port,low_gain'), card('ESO DET WIN1 BINX', 1), card('ESO DET WIN1 BINY', 1), card('ESO QC BIAS MEAN', 199)]))
      setups.add(p.values[0].setup)
    }
    expect([...setups]).toEqual(['CCD-59B, 225kHz,1port,low_gain, 1, 1', 'CCD-59A, 225kHz,1port,low_gain, 1, 1', 'CCD-60A, 225kHz,1port,low_gain, 1, 1', 'CCD-60B, 225kHz,1port,low_gain, 1, 1'])
  })
  it('reports logical QC cards as skipped, once however many HDUs repeat them', async () => {
    const p = await fromBytes(product([...base, card('ESO QC RON', 3.3), card('ESO QC OK', true)], [[card('ESO QC OK', true)]]))
    expect(p.skipped).toEqual([{ keyword: 'ESO QC OK', hdu: 0, value: 'true', reason: 'a logical (T/F) card: kept as a product attribute, not trended' }])
  })
  it('ingests QC keywords the catalogue does not know, marked uncatalogued, in the report\'s setup', async () => {
    const p = await fromBytes(product([...base, card('ESO DET READ CLOCK', '100Kps/2ports/high_gain'), card('ESO DET WIN1 BINX', 2), card('ESO DET WIN1 BINY', 2),
      card('ESO QC RON', 3.3), card('ESO QC NEW THING', 7)]))
    expect(p.uncatalogued).toEqual(['ESO QC NEW THING'])
    expect(p.values).toContainEqual({ param: 'QC NEW THING', keyword: 'ESO QC NEW THING', setup: 'n/a, 100Kps/2ports/high_gain, 2x2', value: 7, catalogued: false, hdu: 0, unit: '', description: '' })
  })

  it('uses the extension header first, then the primary, for setup keywords', async () => {
    const p = await fromBytes(product([...base, card('ESO DET READ CLOCK', '100Kps/2ports/high_gain'), card('ESO DET WIN1 BINX', 2), card('ESO DET WIN1 BINY', 2)],
      [[card('EXTNAME', 'CHIP2'), card('ESO QC RON', 3.3), card('ESO DET WIN1 BINX', 1)]]))
    expect(p.values).toMatchObject([{ param: 'ron', setup: 'CHIP2, 100Kps/2ports/high_gain, 1x2', value: 3.3 }])
  })
  it.each([
    ['no instrument', [card('MJD-OBS', 60370.5), card('ESO PRO CATG', 'MASTER_BIAS')], /INSTRUME/],
    ['no time', [card('INSTRUME', 'FORS2'), card('ESO PRO CATG', 'MASTER_BIAS'), card('ESO QC RON', 1)], /neither MJD-OBS nor DATE-OBS/],
    ['a bad DATE-OBS', [card('INSTRUME', 'FORS2'), card('DATE-OBS', 'March 1st'), card('ESO PRO CATG', 'MASTER_BIAS')], /DATE-OBS/],
    ['no PRO CATG (a raw frame)', [card('INSTRUME', 'FORS2'), card('MJD-OBS', 60370.5)], /PRO CATG/],
    ['text in a numeric QC keyword', [...base, card('ESO QC RON', 'high')], /ESO QC RON = "high" is not a number/],
    ['a duplicated keyword with two values', [...base, card('ESO QC RON', 3.1), card('ESO QC RON', 3.2)], /appears twice.*3\.1.*3\.2/],
  ])('refuses a product with %s, saying why', async (_what, cards, reason) => {
    await expect(fromBytes(product(cards))).rejects.toThrow(reason)
  })
})
