import { globToRegex } from '../scoring/rule-versions.ts'
import type { Association } from './association-schema.ts'

/** A raw or master calibration frame as calChecker keeps it (headers only). */
export interface Frame {
  instrument: string
  /** ARCFILE (archive name), else ORIGFILE, else the name it was sent under. */
  file: string
  /** MJD-OBS, days (UTC). */
  mjd: number
  catg: string
  dprType: string
  tech: string
  /** Data type from the classification rules; '' when none matched (kept, but not checked). */
  dataType: string
  science: boolean
  source: 'raw' | 'product'
  prog: string
  obId: number
  obName: string
  tplStart: string
  /** 'SM' service mode, 'VM' visitor mode, '' unknown. */
  mode: string
  /** Setup key values (association `keys`), as text. */
  keys: Record<string, string>
}

/** A header that cannot be a frame; `field` is the keyword at fault. */
export class FrameError extends Error {
  constructor(readonly field: string, message: string) {
    super(message)
    this.name = 'FrameError'
  }
}

/** Header values by keyword; HIERARCH prefixes are removed and blanks collapsed. */
export type HeaderValues = Record<string, string | number | boolean | bigint | null>

/** Normalises a keyword as written in a header or an NDJSON object: `HIERARCH ESO DPR  CATG` → `ESO DPR CATG`. */
export const normaliseKeyword = (k: string) => k.trim().replace(/^HIERARCH\s+/i, '').replace(/\s+/g, ' ').toUpperCase()

const text = (v: HeaderValues[string] | undefined) => (v === undefined || v === null ? '' : String(v).trim())

const globCache = new Map<string, RegExp>()
const glob = (g: string) => globCache.get(g) ?? globCache.set(g, new RegExp(globToRegex(g))).get(g)!

/**
 * The data type of a frame from its DPR keywords (and `where` keywords): the
 * first rule that matches, as ESO's OCA rules; '' when none does.
 *
 * @example
 * classifyType(assoc, { 'ESO DPR CATG': 'CALIB', 'ESO DPR TYPE': 'FLAT,SKY', 'ESO DPR TECH': 'IMAGE' }) // 'FLAT_SKY'
 */
export function classifyType(a: Association, h: HeaderValues): string {
  const catg = text(h['ESO DPR CATG']), type = text(h['ESO DPR TYPE']), tech = text(h['ESO DPR TECH'])
  for (const r of a.classify) {
    if (!glob(r.catg).test(catg)) continue
    if (r.dpr_type && !glob(r.dpr_type).test(type)) continue
    if (r.tech && !glob(r.tech).test(tech)) continue
    if (r.where && !Object.entries(r.where).every(([k, g]) => glob(g).test(text(h[normaliseKeyword(k)])))) continue
    return r.type
  }
  return ''
}

/**
 * Builds a frame from normalised header values. A master calibration product
 * (ESO PRO CATG listed in `products`) becomes a frame of that calibration type
 * with source 'product'. Throws a FrameError naming the keyword at fault.
 *
 * @example
 * frameFromHeader('FORS2', assoc, values, 'FORS2.2024-03-01T23:10:00.000.fits')
 */
export function frameFromHeader(instrument: string, a: Association, h: HeaderValues, name: string): Frame {
  const mjd = Number(h['MJD-OBS'])
  if (h['MJD-OBS'] === undefined || h['MJD-OBS'] === null || !Number.isFinite(mjd)) throw new FrameError('MJD-OBS', 'MJD-OBS is missing or not a number')
  const proCatg = text(h['ESO PRO CATG'])
  const productType = proCatg ? a.products[proCatg] : undefined
  if (proCatg && !productType) throw new FrameError('ESO PRO CATG', `ESO PRO CATG ${proCatg} is not a calibration product of ${instrument}'s calchecker.products`)
  if (!proCatg && !text(h['ESO DPR CATG'])) throw new FrameError('ESO DPR CATG', 'ESO DPR CATG is missing (neither a raw frame nor a product)')
  const keys: Record<string, string> = {}
  for (const [k, kw] of Object.entries(a.keys)) keys[k] = text(h[normaliseKeyword(kw)])
  const mode = text(h[normaliseKeyword(a.mode_keyword)]).toUpperCase()
  const catg = productType ? 'CALIB' : text(h['ESO DPR CATG'])
  const obId = Number(h['ESO OBS ID'] ?? 0)
  return {
    instrument, file: text(h.ARCFILE) || text(h.ORIGFILE) || name, mjd, catg, dprType: text(h['ESO DPR TYPE']), tech: text(h['ESO DPR TECH']),
    dataType: productType ?? classifyType(a, h), science: !productType && catg.toUpperCase().includes('SCIENCE'),
    source: productType ? 'product' : 'raw', prog: text(h['ESO OBS PROG ID']), obId: Number.isSafeInteger(obId) ? obId : 0,
    obName: text(h['ESO OBS NAME']), tplStart: text(h['ESO TPL START']), mode: mode.startsWith('S') ? 'SM' : mode.startsWith('V') ? 'VM' : '', keys,
  }
}

/**
 * Fills a setup label template from key values; keys not in `only` (when
 * given) show as `*`, so an action reads "BIAS for 200Kps/low_*_*_2x2".
 *
 * @example
 * setupLabel('{readmode}_{binx}x{biny}', { readmode: '200Kps', binx: '2', biny: '2' }) // '200Kps_2x2'
 */
export function setupLabel(template: string, keys: Record<string, string>, only?: string[]): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (only && !only.includes(k) ? '*' : keys[k] || '-'))
}
