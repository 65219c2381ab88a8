import { Hono } from 'hono'
import { z } from 'zod'
import { nameField } from '../text/text-fields.ts'
import type { Frame } from '../calchecker/classify-frame.ts'
import { frameFromFits, framesFromObjects } from '../calchecker/frames-from-headers.ts'
import { writeFrames, writeGrades } from '../store/frames-store.ts'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { Header } from '../fits/header.ts'
import { formFiles } from '../http/form-files.ts'
import { FitsFormatError } from '../fits/card.ts'
import { ApiError, type RowProblem } from '../http/api-error.ts'
import { zodDetails } from '../http/zod-details.ts'
import { MAX_ACTION_BYTES, readBody, readJsonObject } from '../ingest/read-body.ts'
import type { Services } from '../services.ts'

/** Content types of a raw FITS body: streamed rather than buffered, so the body limit does not apply. */
export const FITS_BODY = /^(application\/fits|image\/fits|application\/octet-stream|application\/gzip)/

/** Body of POST /api/v1/ob-grades. */
export const Grades = z.strictObject({
  grades: z.array(z.strictObject({
    instrument: nameField('instrument'),
    ob_id: z.number().int().positive(),
    /** QC0 grade: A fully within constraints .. D far outside (X: not graded). */
    grade: z.enum(['A', 'B', 'C', 'D', 'X']),
  })).min(1),
})

/**
 * `POST /api/v1/headers` — raw frame headers for calChecker: NDJSON (or a
 * JSON array) of header objects (`{"ARCFILE": ..., "MJD-OBS": ..., "ESO DPR CATG": ...}`),
 * or FITS files (a raw body, streamed so data units pass unread whatever
 * their size; or multipart within the body limit). All or nothing;
 * re-sending a frame is idempotent. `POST /api/v1/ob-grades` attaches QC0 grades.
 *
 * @example
 * curl -H "Authorization: Bearer $T" -H 'Content-Type: application/x-ndjson' --data-binary @headers.ndjson http://127.0.0.1:8080/api/v1/headers
 */
export function headersRoute(s: Services, maxBodyBytes: number): Hono {
  const app = new Hono()
  app.post('/headers', async (c) => {
    const type = (c.req.header('content-type') ?? '').toLowerCase()
    const now = s.clock()
    let frames: Frame[] = []
    let problems: RowProblem[] = [], count = 0, rows = 0
    const fits = FITS_BODY.test(type)
    if (type.startsWith('multipart/form-data') || fits) {
      const files: [string, () => Promise<Header[]>][] = []
      if (fits) {
        if (!c.req.raw.body) throw new ApiError(400, 'empty_body', 'Send the FITS file as the body')
        // Streamed: only the headers are kept, data units pass through unread (a 2 GB raw frame is fine).
        const body = c.req.raw.body as WebReadableStream
        files.push([c.req.query('name') ?? c.req.header('x-filename') ?? 'upload.fits', () => s.fits.stream(Readable.fromWeb(body))])
      } else {
        for (const f of await formFiles(c)) { const bytes = new Uint8Array(await f.arrayBuffer()); files.push([f.name, () => s.fits.buffer(bytes)]) }
      }
      rows = files.length
      for (const [i, [name, read]] of files.entries()) {
        let r
        try {
          r = frameFromFits(s.compiled(), await read(), name, now)
        } catch (e) {
          if (!(e instanceof FitsFormatError)) throw e
          r = { field: '(file)', error: e.message }
        }
        if ('frame' in r) frames.push(r.frame)
        else { count++; problems.push({ row: i, field: r.field, reason: `${name}: ${r.error}` }) }
      }
    } else {
      const body = await readBody(c.req.raw, maxBodyBytes)
      const v = framesFromObjects(s.compiled(), body.items, now)
      frames = v.frames
      rows = body.items.length
      problems = [...body.problems, ...v.problems].sort((a, b) => a.row - b.row).slice(0, 100)
      count = body.problemCount + v.problemCount
    }
    if (count > 0) throw new ApiError(400, 'invalid_rows', `${count} problem(s) in ${rows} header(s); nothing was written`, problems)
    if (frames.length === 0) throw new ApiError(400, 'empty_body', 'Send at least one header')
    const written = await writeFrames(s.store, frames, s.nights, now)
    const unclassified = frames.filter((f) => !f.dataType).map((f) => f.file)
    return c.json({ ...written, unclassified })
  })
  app.post('/ob-grades', async (c) => {
    const r = Grades.safeParse(await readJsonObject(c.req.raw, MAX_ACTION_BYTES))
    if (!r.success) throw new ApiError(400, 'invalid_body', 'Send { grades: [{ instrument, ob_id, grade }] }', zodDetails(r.error, 'field', '(body)'))
    const known = new Set(s.catalogues().map((c) => c.instrument))
    const unknown = r.data.grades.flatMap((g, i) => (known.has(g.instrument) ? [] : [{ field: `grades.${i}.instrument`, reason: `${g.instrument} is not an instrument of any catalogue` }]))
    if (unknown.length) throw new ApiError(400, 'invalid_body', 'Unknown instrument', unknown)
    await writeGrades(s.store, r.data.grades.map((g) => ({ instrument: g.instrument, obId: g.ob_id, grade: g.grade })), c.var.viewer.name, s.clock())
    return c.json({ graded: r.data.grades.length })
  })
  return app
}
