import type { CompiledCatalogues, CompiledReport } from '../catalogue/compiled-catalogues.ts'
import type { FitsValue } from '../fits/card.ts'
import { firstValue, headerValue, type Header } from '../fits/header.ts'
import { parseTime } from '../time/parse-time.ts'
import { headerTextProblem, nameProblem } from '../text/text-fields.ts'
import { mjdToMs } from '../time/mjd.ts'
import { unitFromComment } from './card-unit.ts'
import { productIdentity } from './product-identity.ts'
import { genericSetupLabel, setupLabel, valueText, type Lookup } from './setup-label.ts'

/** A product that cannot be ingested; the message is the per-file reason. */
export class ProductError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProductError'
  }
}

export interface ProductValue {
  param: string
  keyword: string
  setup: string
  value: number
  catalogued: boolean
  /** HDU the value was read from (0 = primary). */
  hdu: number
  /** For an uncatalogued keyword: unit and description from the card's comment ('' when none). */
  unit?: string
  description?: string
}

export interface ExtractedProduct {
  instrument: string
  report: string
  proCatg: string
  tsMs: number
  /** Product identity: the recipe run's first raw frame and the PRO CATG (product-identity.ts). */
  product: string
  /** The name qcloop gave this product before that identity (ARCFILE, else PIPEFILE, else the file name). */
  legacyProduct: string
  /** PIPEFILE, the pipeline's own name for the file ('' when none). */
  pipefile: string
  recipe: string
  pipeline: string
  values: ProductValue[]
  /** QC keywords no catalogue declares (ingested all the same). */
  uncatalogued: string[]
  /** QC cards not stored as values, with why (text or logical cards: not QC1 numbers to trend). */
  skipped: SkippedCard[]
}

/** A QC card of a product that is not a value, reported back to the sender. */
export interface SkippedCard { keyword: string; hdu: number; value: string; reason: string }

/**
 * Turns a product's headers into QC1 values: identifies instrument, report and
 * time, reads every numeric QC card of every HDU, names it by the catalogue,
 * and keys it by setup. A QC block repeated in several HDUs (MUSE's DATA, DQ
 * and STAT) folds into one value when the values agree, and refuses the
 * product when they do not.
 *
 * @example
 * const p = extractProduct(await readFitsHeaders(path), 'masterbias_blue.fits', catalogues)
 * p.values[0] // { param: 'ron_master', setup: 'BLUE, 225kHz/1port/low_gain, 1x1, port 1', value: 1.062, ... }
 */
export function extractProduct(headers: Header[], fileName: string, catalogues: CompiledCatalogues): ExtractedProduct {
  const primary = headers[0]
  const first = (key: string) => firstValue(headers, key)
  const instrument = valueText(first('INSTRUME'))
  if (!instrument) throw new ProductError('no INSTRUME keyword: cannot tell which instrument took the data')
  const proCatg = valueText(first('ESO PRO CATG'))
  if (!proCatg) throw new ProductError('no ESO PRO CATG keyword: not a pipeline product')
  const tsMs = observationTime(first('MJD-OBS'), first('DATE-OBS'))
  const pipefile = valueText(first('PIPEFILE')) ?? ''
  const { id: product, legacy: legacyProduct } = productIdentity({ raw1: valueText(first('ESO PRO REC1 RAW1 NAME')), arcfile: valueText(first('ARCFILE')), pipefile, proCatg, fileName })
  if (!legacyProduct) throw new ProductError('the product has no name: no ESO PRO REC1 RAW1 NAME, ARCFILE or PIPEFILE and an empty file name')
  for (const [what, v] of [['INSTRUME', instrument], ['ESO PRO CATG', proCatg], ['the product name (ESO PRO REC1 RAW1 NAME, ARCFILE, PIPEFILE or file name)', product], ['the product name', legacyProduct]] as const) {
    const why = nameProblem(v)
    if (why) throw new ProductError(`${what} ${why}`)
  }
  const inst = catalogues.instrument(instrument)
  const report: CompiledReport | undefined = inst?.reports.get(proCatg)
  const instrumentName = inst?.def.instrument ?? instrument.toUpperCase()

  const values = new Map<string, ProductValue>()
  const uncatalogued = new Set<string>()
  const skipped = new Map<string, SkippedCard>()
  for (const h of headers) {
    const lookup: Lookup = (k) => { const v = headerValue(h, k); return v === undefined ? headerValue(primary, k) : v }
    const extname = valueText(headerValue(h, 'EXTNAME'))
    const where = `HDU ${h.index}${extname ? ` (${extname})` : ''}`
    for (const card of h.cards) {
      if (!card.key.startsWith('ESO ')) continue
      let param: string | null = null, setup = '', catalogued = false
      for (const p of report?.params ?? []) {
        const captures = p.pattern.match(card.key)
        if (!captures) continue
        param = p.def.name
        setup = setupLabel(report!.setup, lookup, captures)
        catalogued = true
        break
      }
      if (!param) {
        if (!card.key.startsWith('ESO QC ')) continue
        // Text and logical QC cards (QC DID, QC TEST1 ID) are not QC1 values: reported, not trended.
        if (typeof card.value !== 'number' && typeof card.value !== 'bigint') {
          if (!skipped.has(card.key)) skipped.set(card.key, { keyword: card.key, hdu: h.index, value: String(card.value).slice(0, 200), reason: typeof card.value === 'boolean' ? 'a logical (T/F) card: kept as a product attribute, not trended' : 'a text card: kept as a product attribute, not trended' })
          continue
        }
        param = card.key.slice(4)
        setup = report ? setupLabel(report.setup, lookup, {}) : genericSetupLabel(lookup, {})
        uncatalogued.add(card.key)
      }
      const value = numeric(card.value)
      if (value === null) throw new ProductError(`${where}: ${card.key} = ${JSON.stringify(card.value)} is not a number`)
      const why = headerTextProblem(setup)
      if (why) throw new ProductError(`${where}: the setup of ${card.key} ${why} (read from the setup keywords)`)
      const k = `${param}\u0000${setup}`
      const seen = values.get(k)
      if (seen && seen.value !== value) {
        throw new ProductError(`${card.key} appears twice for setup "${setup}" with different values (${seen.value} in HDU ${seen.hdu}, ${value} in ${where})`)
      }
      if (!seen) values.set(k, { param, keyword: card.key, setup, value, catalogued, hdu: h.index, ...(catalogued ? {} : unitFromComment(card.comment)) })
    }
  }
  return {
    instrument: instrumentName, report: report?.def.name ?? proCatg, proCatg, tsMs, product, legacyProduct, pipefile,
    recipe: valueText(first('ESO PRO REC1 ID')) ?? '', pipeline: valueText(first('ESO PRO REC1 PIPE ID')) ?? '',
    values: [...values.values()], uncatalogued: [...uncatalogued].sort(), skipped: [...skipped.values()],
  }
}

function observationTime(mjd: FitsValue | undefined, dateObs: FitsValue | undefined): number {
  if (typeof mjd === 'number' && Number.isFinite(mjd)) return mjdToMs(mjd)
  if (typeof dateObs === 'string') {
    const t = parseTime(dateObs)
    if ('ms' in t) return t.ms
    throw new ProductError(`DATE-OBS ${JSON.stringify(dateObs)} is not a valid time: ${t.error}`)
  }
  throw new ProductError('no observation time: neither MJD-OBS nor DATE-OBS is present')
}

function numeric(v: FitsValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'bigint') return Number(v)
  return null
}
