import { Hono } from 'hono'
import { ApiError, MAX_LISTED_PROBLEMS } from '../http/api-error.ts'
import { readBody } from '../ingest/read-body.ts'
import { validateRows, type Validated } from '../ingest/validate-rows.ts'
import type { ValuesWriter } from '../store/values-writer.ts'
import type { Metrics } from '../metrics/metrics.ts'

/**
 * `POST /api/v1/measurements`: a JSON array or NDJSON of QC1 values, all-or-nothing.
 * Auth and the body limit are applied by the app in front of this route.
 *
 * @example
 * curl -H "Authorization: Bearer $T" -H 'Content-Type: application/x-ndjson' --data-binary @values.ndjson \
 *   http://127.0.0.1:8080/api/v1/measurements   # → {"accepted":2,"duplicates":0,...}
 */
export function measurementsRoute(writer: ValuesWriter, maxBodyBytes: number, clock: () => number, metrics: Metrics): Hono {
  const app = new Hono()
  app.post('/', async (c) => {
    const { items, problems, problemCount } = await readBody(c.req.raw, maxBodyBytes)
    const v = await validateInSlices(items, clock())
    const total = problemCount + v.problemCount
    if (total > 0) {
      const details = [...problems, ...v.problems].sort((a, b) => a.row - b.row).slice(0, 100)
      throw new ApiError(400, 'invalid_rows', `${total} problem(s) in ${items.length} row(s); nothing was written`, details)
    }
    const result = await writer.write(v.rows)
    metrics.ingestedValues('api', result.accepted, result.duplicates)
    return c.json(result)
  })
  return app
}

/** Rows validated per event-loop turn (a few ms): a 32 MB batch never holds the loop for long. */
const SLICE_ROWS = 10_000

async function validateInSlices(items: unknown[], now: number): Promise<Validated> {
  const out: Validated = { rows: [], problems: [], problemCount: 0 }
  for (let i = 0; i < items.length; i += SLICE_ROWS) {
    const v = validateRows(items.slice(i, i + SLICE_ROWS), now, i)
    for (const r of v.rows) out.rows.push(r)
    out.problems.push(...v.problems.slice(0, MAX_LISTED_PROBLEMS - out.problems.length))
    out.problemCount += v.problemCount
    if (i + SLICE_ROWS < items.length) await new Promise((r) => setImmediate(r))
  }
  return out
}
