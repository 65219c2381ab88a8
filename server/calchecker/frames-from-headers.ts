import type { CompiledCatalogues } from '../catalogue/compiled-catalogues.ts'
import { headerValue, type Header } from '../fits/header.ts'
import { MAX_LISTED_PROBLEMS, type RowProblem } from '../domain-errors.ts'
import { UNPARSEABLE } from '../ingest/parse-body.ts'
import { EARLIEST_MS, FUTURE_SLACK_MS } from '../time/parse-time.ts'
import { mjdToMs } from '../time/mjd.ts'
import { headerTextProblem } from '../text/text-fields.ts'
import { FrameError, frameFromHeader, normaliseKeyword, type Frame, type HeaderValues } from './classify-frame.ts'

/**
 * Turns header objects (NDJSON rows of keyword → value) into frames. Every
 * row is checked before anything is written; problems name the row and the
 * keyword.
 *
 * @example
 * const { frames, problems } = framesFromObjects(catalogues, rows, Date.now())
 */
export function framesFromObjects(cats: CompiledCatalogues, rows: unknown[], nowMs: number): { frames: Frame[]; problems: RowProblem[]; problemCount: number } {
  const frames: Frame[] = [], problems: RowProblem[] = []
  let problemCount = 0
  rows.forEach((row, i) => {
    if (row === UNPARSEABLE) return
    const problem = (field: string, reason: string) => {
      problemCount++
      if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ row: i, field, reason })
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return problem('(row)', 'must be an object of header keywords and values')
    const h: HeaderValues = {}
    for (const [k, v] of Object.entries(row)) {
      if (v !== null && typeof v === 'object') return problem(k, 'a header value must be a string, number or boolean')
      h[normaliseKeyword(k)] = v as HeaderValues[string]
    }
    const r = frameOf(cats, h, '', nowMs)
    if ('error' in r) return problem(r.field, r.error)
    if (!h.ARCFILE && !h.ORIGFILE) return problem('ARCFILE', 'ARCFILE (or ORIGFILE) is needed to name the frame')
    frames.push(r.frame)
  })
  return { frames, problems, problemCount }
}

/**
 * The frame of a FITS file's headers (primary header, extension values as
 * fallback for keywords it lacks); `error` names what is wrong.
 *
 * @example
 * frameFromFits(catalogues, await readFitsHeaders(path), 'FORS2.2024-03-01T23:10:00.000.fits', Date.now())
 */
export function frameFromFits(cats: CompiledCatalogues, headers: Header[], name: string, nowMs: number): { frame: Frame } | { error: string; field: string } {
  return frameOf(cats, headerValues(headers), name, nowMs)
}

/**
 * One keyword → value map of a FITS file: the primary header's values, with
 * extension values filling in keywords it lacks.
 *
 * @example
 * headerValues(await readFitsHeaders(path))['ESO DPR CATG'] // 'CALIB'
 */
export function headerValues(headers: Header[]): HeaderValues {
  const h: HeaderValues = {}
  for (const hdu of [...headers].reverse()) for (const c of hdu.cards) if (c.key) h[normaliseKeyword(c.key)] = c.value
  return h
}

/**
 * A raw frame (ESO DPR CATG in the primary header, no ESO PRO CATG) rather
 * than a pipeline product: what calChecker takes.
 *
 * @example
 * isRawFrame(await readFitsHeaders('FORS2.2024-03-02T02:00:00.000.fits')) // true
 */
export function isRawFrame(headers: Header[]): boolean {
  const primary = headers[0]
  return !!primary && headerValue(primary, 'ESO PRO CATG') === undefined && headerValue(primary, 'ESO DPR CATG') !== undefined
}

function frameOf(cats: CompiledCatalogues, h: HeaderValues, name: string, nowMs: number): { frame: Frame } | { error: string; field: string } {
  const instrume = String(h.INSTRUME ?? '').trim()
  if (!instrume) return { field: 'INSTRUME', error: 'INSTRUME is missing' }
  const bad = headerTextProblem(instrume)
  if (bad) return { field: 'INSTRUME', error: `INSTRUME ${bad}` }
  const inst = cats.instrument(instrume)
  if (!inst) return { field: 'INSTRUME', error: `${instrume} is not an instrument of any catalogue` }
  const a = inst.def.calchecker
  if (!a) return { field: 'INSTRUME', error: `${inst.def.instrument} has no calchecker association rules in qc-params` }
  let frame: Frame
  try {
    frame = frameFromHeader(inst.def.instrument, a, h, name)
  } catch (e) {
    if (e instanceof FrameError) return { field: e.field, error: e.message }
    throw e
  }
  for (const [field, v] of [['file', frame.file], ['ESO DPR CATG', frame.catg], ['ESO DPR TYPE', frame.dprType], ['ESO DPR TECH', frame.tech], ['ESO OBS PROG ID', frame.prog],
    ['ESO OBS NAME', frame.obName], ['ESO TPL START', frame.tplStart], ...Object.entries(frame.keys)] as const) {
    const why = headerTextProblem(v)
    if (why) return { field, error: `${field} ${why}` }
  }
  if (!frame.file) return { field: 'ARCFILE', error: 'the frame has no name (ARCFILE, ORIGFILE or a file name)' }
  const ms = mjdToMs(frame.mjd)
  if (ms < EARLIEST_MS || ms > nowMs + FUTURE_SLACK_MS) return { field: 'MJD-OBS', error: `MJD-OBS ${frame.mjd} is outside 1980 .. tomorrow` }
  return { frame }
}
