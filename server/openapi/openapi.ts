import { z } from 'zod'
import { CommentAction, FlagAction, ForceOkAction, RuleAction } from '../actions/action-schemas.ts'
import { StatsQuery } from '../data-api/stats-query.ts'
import { ValuesQuery } from '../data-api/values-query.ts'
import { MeasurementInput } from '../ingest/measurement.ts'
import { Ack, Silence } from '../routes/alerts.ts'
import { SeriesQuery } from '../routes/series.ts'
import { CalcheckerQuery } from '../routes/calchecker.ts'
import { Grades } from '../routes/headers.ts'

interface Op { method: 'get' | 'post'; path: string; summary: string; auth?: boolean; query?: z.ZodObject; body?: z.ZodType; bodyType?: string }

/** Every route of the API. A test checks this list against the routes the app really serves. */
export const OPERATIONS: Op[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness: answers at once; the store backend, its version and whether it takes writes' },
  { method: 'get', path: '/readyz', summary: 'Readiness: 503 naming why when the store does not answer or is out of disk space' },
  { method: 'post', path: '/api/v1/measurements', summary: 'Ingest QC1 values (JSON array or NDJSON), all-or-nothing and idempotent', auth: true, body: z.array(MeasurementInput) },
  { method: 'post', path: '/api/v1/products', summary: 'Ingest pipeline products (FITS, .fits.gz) as a raw body or multipart', auth: true, bodyType: 'application/fits' },
  { method: 'get', path: '/api/v1/products/{product}', summary: 'All QC values of one product, with scores, provenance and comments' },
  { method: 'get', path: '/api/v1/comments', summary: 'Comments of an instrument (plot markers)' },
  { method: 'get', path: '/api/v1/series', summary: 'Trend series per setup, reduced to bucket min/max beyond maxPoints, with scores and limits', query: SeriesQuery },
  { method: 'get', path: '/api/v1/catalogue', summary: 'Instruments, reports, parameters (units, classes), setups seen, counts' },
  { method: 'get', path: '/api/v1/health', summary: 'The health-check monitor: scores rolled up, last 7 nights, calibration validity' },
  { method: 'get', path: '/api/v1/health/{instrument}', summary: 'The health-check monitor for one instrument' },
  { method: 'get', path: '/api/v1/validity', summary: 'Calibration validity per type and setup, and the calibrations to take' },
  { method: 'post', path: '/api/v1/headers', summary: 'Ingest raw frame headers for calChecker (NDJSON of header objects, or FITS files), all-or-nothing and idempotent', auth: true, bodyType: 'application/fits' },
  { method: 'post', path: '/api/v1/ob-grades', summary: 'Attach QC0 grades (A-D) to OBs', auth: true, body: Grades },
  { method: 'get', path: '/api/v1/calchecker', summary: 'calChecker: OK/NOK/MISS per science setup and night (last 7), the action list and LOST?', query: CalcheckerQuery },
  { method: 'get', path: '/api/v1/calchecker/{instrument}/{night}/frames', summary: 'calChecker per science observation: programme, OB, grade, and each calibration\'s signed age' },
  { method: 'post', path: '/api/v1/actions/flag', summary: 'Mark a value false (or clear the mark); the series is re-scored', auth: true, body: FlagAction },
  { method: 'post', path: '/api/v1/actions/force-ok', summary: 'Force a product\'s score to OK (or release it)', auth: true, body: ForceOkAction },
  { method: 'post', path: '/api/v1/actions/comment', summary: 'Comment a value, a product or a report-night', auth: true, body: CommentAction },
  { method: 'post', path: '/api/v1/actions/rule', summary: 'Adjust a rule\'s thresholds (a new version), optionally re-scoring history', auth: true, body: RuleAction },
  { method: 'get', path: '/api/v1/actions', summary: 'The audit log of QC scientists\' actions' },
  { method: 'get', path: '/api/v1/alerts', summary: 'Firing, pending and silenced alerts, and their history' },
  { method: 'get', path: '/api/v1/alerts/ack-link', summary: 'The signed acknowledge link of alert emails: a page with a button (never acknowledges)' },
  { method: 'post', path: '/api/v1/alerts/ack-link', summary: 'Acknowledge one incident from its signed, expiring, single-use email link (form post)' },
  { method: 'post', path: '/api/v1/alerts/ack', summary: 'Acknowledge an alert (no more reminders)', auth: true, body: Ack },
  { method: 'post', path: '/api/v1/alerts/silence', summary: 'Silence an alert until a time, with a reason', auth: true, body: Silence },
  { method: 'get', path: '/api/v1/values', summary: 'QC1 values streamed as csv, json or ndjson; public parameters without a token', query: ValuesQuery },
  { method: 'get', path: '/api/v1/stats', summary: 'Count, mean, median, sigma, min, max per night, month or year', query: StatsQuery },
  { method: 'get', path: '/api/v1/openapi.json', summary: 'This document' },
]

const ERROR = { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } }

/**
 * The OpenAPI 3.1 document of the whole API, generated from the same zod
 * schemas that validate requests.
 *
 * @example
 * GET /api/v1/openapi.json
 */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of OPERATIONS) {
    const parameters = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }))
    if (op.query) {
      const js = z.toJSONSchema(op.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] }
      for (const [name, schema] of Object.entries(js.properties ?? {})) parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: schema as { type: string } })
    }
    paths[op.path] ??= {}
    paths[op.path][op.method] = {
      summary: op.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(op.auth ? { security: [{ bearer: [] }] } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      ...(op.bodyType ? { requestBody: { required: true, content: { [op.bodyType]: { schema: { type: 'string', format: 'binary' } }, 'multipart/form-data': { schema: { type: 'object' } } } } } : {}),
      responses: {
        200: { description: 'OK' },
        ...(op.auth ? { 401: { description: 'No token', content: { 'application/json': { schema: ERROR } } }, 403: { description: 'Wrong token', content: { 'application/json': { schema: ERROR } } } } : {}),
        400: { description: 'Invalid request: the error names the field', content: { 'application/json': { schema: ERROR } } },
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'qcloop API', version: '1', description: 'QC1 trending, scoring and alerting for observatory instruments. Writes need `Authorization: Bearer <token>`.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  }
}
