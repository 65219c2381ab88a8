import { DomainError } from '../domain-errors.ts'
import type { CompiledCatalogues } from '../catalogue/compiled-catalogues.ts'
import { FitsFormatError } from '../fits/card.ts'
import type { Header } from '../fits/header.ts'
import type { ValueRow } from '../ingest/measurement.ts'
import type { StoreClient } from '../store/client.ts'
import type { ValuesWriter } from '../store/values-writer.ts'
import { EARLIEST_MS, FUTURE_SLACK_MS } from '../time/parse-time.ts'
import { extractProduct, ProductError, type SkippedCard } from './extract-product.ts'
import { frameFromFits } from '../calchecker/frames-from-headers.ts'
import { writeFrames } from '../store/frames-store.ts'
import { writeParamInfo, type ParamInfo } from '../store/param-info-store.ts'
import { storedUnderLegacyName, writeProductAttributes } from '../store/products-store.ts'
import { copyJudgements, removeLegacy, type LegacyMove } from '../store/rekey-store.ts'
import type { NightClock } from '../time/night.ts'
import type { ScoringQueue } from '../scoring/scoring-queue.ts'
import type { HeaderReaders } from '../fits/header-readers.ts'
import type { Dictionaries } from '../catalogue/dictionaries.ts'
import { writeIngestFailure } from '../store/ingest-failures-store.ts'
import { firstValue } from '../fits/header.ts'

/** What happened to one product file. */
export interface ProductResult {
  file: string
  status: 'ingested' | 'refused'
  reason?: string
  instrument?: string
  report?: string
  product?: string
  ts?: string
  values?: number
  accepted?: number
  duplicates?: number
  uncatalogued?: string[]
  /** QC cards not stored, with why (text and logical cards). */
  skipped?: SkippedCard[]
  /** Said when the file held no QC value at all: it was read, nothing was stored, there is no product page for it. */
  note?: string
  /** Raw frames (calChecker) stored from this file, and those already known. */
  frames?: number
  frameDuplicates?: number
  /** Re-keying (`rekey` mode): the pre-identity name the file's values were stored under, and how many moved. */
  rekeyed?: { from: string; values: number }
}

export interface ProductIngestDeps {
  store: StoreClient
  writer: ValuesWriter
  catalogues: () => CompiledCatalogues
  clock?: () => number
  /** Night clock: when given, master calibrations named in calchecker rules are recorded as frames. */
  nights?: NightClock
  /** How files' headers are read (the server's worker pool); default: in this thread. */
  fits?: HeaderReaders
  /** ESO QC dictionaries: units and descriptions of keywords no catalogue declares (before card comments). */
  dictionaries?: Dictionaries
  /**
   * Re-key mode (`POST /api/v1/products/rekey`, `qcloop ingest --rekey`): a file whose values a
   * store from before product identities keeps under its old name moves them, with their marks,
   * comments and forced OK, to its identity. Off: such a file keeps the old name (a re-send is a duplicate).
   * The old rows go once scoring has settled (a pass in flight would score them again), and the
   * series are then re-scored from the product's time, so health and roll-ups name the identity.
   */
  rekey?: { scoring: Pick<ScoringQueue, 'idle' | 'request'> }
}

/**
 * Ingests one product from its parsed headers: all its values in one write
 * (all or none), then its provenance row. Any problem becomes a per-file
 * `refused` result with a reason; nothing is written for a refused file.
 * Re-ingesting the same product only counts duplicates.
 *
 * @example
 * const r = await ingestProduct(deps, 'masterbias_blue.fits', () => readFitsHeaders(path))
 * r.status // 'ingested'
 */
export async function ingestProduct(d: ProductIngestDeps, file: string, read: () => Promise<Header[]>): Promise<ProductResult> {
  let instrument = ''
  const r = await ingestOne(d, file, async () => {
    const h = await read()
    instrument = String(firstValue(h, 'INSTRUME') ?? '').trim().toUpperCase().slice(0, 40)
    return h
  })
  // Refused files are counted per instrument: many in an hour raise the "ingestion failing" alert.
  if (r.status === 'refused') await writeIngestFailure(d.store, { instrument: r.instrument ?? instrument, atMs: (d.clock ?? Date.now)(), file, reason: r.reason ?? 'refused' }).catch(() => {}) // best effort: the answer says why anyway
  return r
}

async function ingestOne(d: ProductIngestDeps, file: string, read: () => Promise<Header[]>): Promise<ProductResult> {
  const now = (d.clock ?? Date.now)()
  let p, headers: Header[]
  try {
    headers = await read()
    p = extractProduct(headers, file, d.catalogues())
    if (p.tsMs < EARLIEST_MS || p.tsMs > now + FUTURE_SLACK_MS) {
      throw new ProductError(`observation time ${new Date(p.tsMs).toISOString()} is outside 1980 .. tomorrow`)
    }
  } catch (e) {
    if (e instanceof ProductError || e instanceof FitsFormatError) return { file, status: 'refused', reason: e.message }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { file, status: 'refused', reason: 'file not found' }
    throw e
  }
  // A store from before product identities keeps its names: the file's values stay under the old one, so a re-send
  // is a duplicate; in re-key mode they move to the identity (judgements copied first, old rows removed after the write).
  let move: LegacyMove | null = null
  if (p.values.length > 0 && await storedUnderLegacyName(d.store, p.instrument, p.legacyProduct, p.proCatg, p.tsMs)) {
    if (d.rekey) move = { instrument: p.instrument, from: p.legacyProduct, to: p.product, proCatg: p.proCatg, tsMs: p.tsMs }
    else p.product = p.legacyProduct
  }
  if (move) await copyJudgements(d.store, move)
  const origin = { file, proCatg: p.proCatg, recipe: p.recipe, pipeline: p.pipeline }
  const rows: ValueRow[] = p.values.map((v) => ({
    instrument: p.instrument, report: p.report, param: v.param, setup: v.setup, tsMs: p.tsMs, value: v.value, product: p.product, status: 2, origin,
  }))
  let written = { accepted: 0, duplicates: 0 }
  try {
    if (rows.length > 0) written = await d.writer.write(rows)
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'conflict') {
      const first = (e.details as { row: number; reason: string }[] | undefined)?.[0]
      const what = first ? ` (${p.values[first.row].keyword}: ${first.reason})` : ''
      return { file, status: 'refused', reason: `values differ from those already stored for product ${p.product}${what}` }
    }
    throw e
  }
  let rekeyed = {}
  if (move && d.rekey) {
    await d.rekey.scoring.idle()
    rekeyed = { rekeyed: { from: move.from, values: await removeLegacy(d.store, move) } }
    d.rekey.scoring.request(p.instrument, [...new Set(p.values.map((v) => v.param))], p.tsMs)
    await d.rekey.scoring.idle()
  }
  // Unit and description of keywords no catalogue declares: an ESO dictionary's entry, else the card's comment.
  const info = new Map<string, ParamInfo>()
  for (const v of p.values) {
    if (v.catalogued || info.has(v.param)) continue
    const dic = d.dictionaries?.lookup(v.keyword)
    if (dic && (dic.unit || dic.description || dic.comment)) info.set(v.param, { instrument: p.instrument, param: v.param, unit: dic.unit || v.unit || '', description: dic.description || dic.comment, source: 'dictionary' })
    else if (v.unit || v.description) info.set(v.param, { instrument: p.instrument, param: v.param, unit: v.unit ?? '', description: v.description ?? '', source: 'comment' })
  }
  await writeParamInfo(d.store, [...info.values()], now)
  // Text and logical cards stay with the product as attributes (shown in its details, never trended).
  await writeProductAttributes(d.store, p.instrument, p.product, p.skipped.map((k) => ({ keyword: k.keyword, value: k.value, hdu: k.hdu })), now)
  // A master calibration listed in the calchecker rules also counts as a calibration of its type.
  const assoc = d.catalogues().instrument(p.instrument)?.def.calchecker
  if (assoc?.products[p.proCatg] && d.nights) {
    const r = frameFromFits(d.catalogues(), headers, p.product, now)
    if ('frame' in r) await writeFrames(d.store, [r.frame], d.nights, now)
  }
  const skipped = p.skipped.length > 0 ? { skipped: p.skipped } : {}
  if (rows.length === 0) {
    return { file, status: 'ingested', instrument: p.instrument, report: p.report, ts: new Date(p.tsMs).toISOString(), values: 0, accepted: 0, duplicates: 0, ...skipped, note: 'no numeric QC card: nothing to trend, nothing stored' }
  }
  return {
    file, status: 'ingested', instrument: p.instrument, report: p.report, product: p.product, ts: new Date(p.tsMs).toISOString(),
    values: rows.length, accepted: written.accepted, duplicates: written.duplicates, uncatalogued: p.uncatalogued, ...skipped, ...rekeyed,
  }
}
