import { z } from 'zod'
import type { Permission } from '../access/roles.ts'
import { CommentAction, FlagAction, ForceOkAction, RuleAction } from '../actions/action-schemas.ts'
import { StatsQuery } from '../data-api/stats-query.ts'
import { ValuesQuery } from '../data-api/values-query.ts'
import { MeasurementInput } from '../ingest/measurement.ts'
import { Ack, Silence } from '../routes/alerts.ts'
import { CorrelationQuery } from '../routes/correlation.ts'
import { SeriesQuery } from '../routes/series.ts'
import { CalcheckerQuery } from '../routes/calchecker.ts'
import { Grades } from '../routes/headers.ts'
import { NewToken } from '../routes/tokens.ts'
import { EventsQuery } from '../routes/events.ts'
import { EventInput } from '../events/event.ts'

/** One operation of the API: its route, the permission it needs (the one access policy applies it) and its input. */
export interface Op { method: 'get' | 'post' | 'put' | 'delete'; path: string; permission: Permission; summary: string; query?: z.ZodObject; body?: z.ZodType; bodyType?: string }

/** Every route of the API. A test checks this list against the routes the app really serves. */
export const OPERATIONS: Op[] = [
  { method: 'get', path: '/healthz', permission: 'open', summary: 'Liveness: answers at once; the store backend, its version and whether it takes writes' },
  { method: 'get', path: '/metrics', permission: 'read-private', summary: 'Prometheus metrics: requests and latency per route, values received and refused by way in, store statement latency, scoring lag, landing backlog, alert outbox, process' },
  { method: 'get', path: '/readyz', permission: 'open', summary: 'Readiness: 503 naming why when the store does not answer or is out of disk space' },
  { method: 'post', path: '/api/v1/measurements', permission: 'ingest', summary: 'Ingest QC1 values (JSON array or NDJSON), all-or-nothing and idempotent', body: z.array(MeasurementInput) },
  { method: 'post', path: '/api/v1/products', permission: 'ingest', summary: 'Ingest pipeline products (FITS, .fits.gz) as a raw body or multipart', bodyType: 'application/fits' },
  { method: 'post', path: '/api/v1/products/rekey', permission: 'admin', summary: 'Re-key a store from before product identities: product files as for /api/v1/products; values kept under their old name move to the identity with their marks, comments and forced OK; says what is left', bodyType: 'application/fits' },
  { method: 'get', path: '/api/v1/products/{product}', permission: 'read', summary: 'All QC values of one product, with scores, provenance and comments' },
  { method: 'get', path: '/api/v1/comments', permission: 'read', summary: 'Comments of an instrument (plot markers)' },
  { method: 'get', path: '/api/v1/series', permission: 'read', summary: 'Trend series per setup, reduced to bucket min/max beyond maxPoints, with scores and limits', query: SeriesQuery },
  { method: 'get', path: '/api/v1/catalogue', permission: 'read', summary: 'Instruments, reports, parameters (units, classes), setups seen, counts' },
  { method: 'get', path: '/api/v1/health', permission: 'read', summary: 'The health-check monitor: scores rolled up, last 7 nights, calibration validity' },
  { method: 'get', path: '/api/v1/health/{instrument}', permission: 'read', summary: 'The health-check monitor for one instrument' },
  { method: 'get', path: '/api/v1/validity', permission: 'read', summary: 'Calibration validity per type and setup, and the calibrations to take' },
  { method: 'post', path: '/api/v1/headers', permission: 'ingest', summary: 'Ingest raw frame headers for calChecker (NDJSON of header objects, or FITS files), all-or-nothing and idempotent', bodyType: 'application/fits' },
  { method: 'post', path: '/api/v1/ob-grades', permission: 'qc', summary: 'Attach QC0 grades (A-D) to OBs', body: Grades },
  { method: 'get', path: '/api/v1/calchecker', permission: 'read', summary: 'calChecker: OK/NOK/MISS per science setup and night (last 7), the action list and LOST?', query: CalcheckerQuery },
  { method: 'get', path: '/api/v1/calchecker/{instrument}/{night}/frames', permission: 'read', summary: 'calChecker per science observation: programme, OB, grade, and each calibration\'s signed age' },
  { method: 'post', path: '/api/v1/actions/flag', permission: 'qc', summary: 'Mark a value false (or clear the mark); the series is re-scored', body: FlagAction },
  { method: 'post', path: '/api/v1/actions/force-ok', permission: 'qc', summary: 'Force a product\'s score to OK (or release it)', body: ForceOkAction },
  { method: 'post', path: '/api/v1/actions/comment', permission: 'qc', summary: 'Comment a value, a product or a report-night', body: CommentAction },
  { method: 'post', path: '/api/v1/actions/rule', permission: 'qc', summary: 'Adjust a rule\'s thresholds (a new version), optionally re-scoring history', body: RuleAction },
  { method: 'get', path: '/api/v1/actions', permission: 'read-private', summary: 'The audit log of QC scientists\' actions' },
  { method: 'get', path: '/api/v1/events', permission: 'read', summary: 'Interventions, technical nights and news of an instrument (public readers: public events)', query: EventsQuery },
  { method: 'post', path: '/api/v1/events', permission: 'qc', summary: 'Record an intervention, a technical night (mutes the alerts of its scope while it lasts) or news; audited', body: EventInput },
  { method: 'put', path: '/api/v1/events/{id}', permission: 'qc', summary: 'Replace an event; audited', body: EventInput },
  { method: 'delete', path: '/api/v1/events/{id}', permission: 'qc', summary: 'Delete an event; audited' },
  { method: 'get', path: '/api/v1/alerts', permission: 'read', summary: 'Firing, pending and silenced alerts, and their history' },
  { method: 'get', path: '/api/v1/alerts/ack-link', permission: 'open', summary: 'The signed acknowledge link of alert emails: a page with a button (never acknowledges)' },
  { method: 'post', path: '/api/v1/alerts/ack-link', permission: 'open', summary: 'Acknowledge one incident from its signed, expiring, single-use email link (form post)' },
  { method: 'post', path: '/api/v1/alerts/ack', permission: 'operate', summary: 'Acknowledge an alert (no more reminders)', body: Ack },
  { method: 'post', path: '/api/v1/alerts/silence', permission: 'operate', summary: 'Silence an alert until a time, with a reason', body: Silence },
  { method: 'get', path: '/api/v1/values', permission: 'read', summary: 'QC1 values streamed as csv, json or ndjson; public parameters without a token', query: ValuesQuery },
  { method: 'get', path: '/api/v1/stats', permission: 'read', summary: 'Count, mean, median, sigma, min, max per night, month or year', query: StatsQuery },
  { method: 'get', path: '/api/v1/openapi.json', permission: 'open', summary: 'This document' },
  { method: 'get', path: '/api/v1/whoami', permission: 'open', summary: 'Who the request is: the token\'s or person\'s name and role, or anonymous and what anonymous readers may see' },
  { method: 'get', path: '/api/v1/correlation', permission: 'read', summary: 'Two parameters paired by product (else nearest in time), with Pearson r, Spearman rho and a Theil–Sen line', query: CorrelationQuery },
  { method: 'post', path: '/api/v1/policy/reload', permission: 'admin', summary: 'Re-read the alert policy file (as SIGHUP does): 422 naming the file and path when it does not validate, the running policy kept; audited' },
  { method: 'get', path: '/api/v1/backup', permission: 'admin', summary: 'Every table of the truth as one framed stream (qcloop backup writes it to a folder)' },
  { method: 'get', path: '/api/v1/tokens', permission: 'admin', summary: 'Named tokens: name, role, created, last used (never the token)' },
  { method: 'post', path: '/api/v1/tokens', permission: 'admin', summary: 'Create a named token with one role; the answer is the only time the token is shown', body: NewToken },
  { method: 'delete', path: '/api/v1/tokens/{name}', permission: 'admin', summary: 'Revoke a named token: it fails from the next request on' },
]

const compiled = OPERATIONS.map((op) => ({ op, re: new RegExp(`^${op.path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`) }))

/**
 * The operation a request is for (HEAD counts as GET), or undefined: the access policy
 * refuses API requests that match no operation, so a route missing here cannot be reached.
 *
 * @example
 * findOperation('GET', '/api/v1/health/UVES')?.permission // 'read'
 */
export function findOperation(method: string, path: string): Op | undefined {
  const m = method === 'HEAD' ? 'get' : method.toLowerCase()
  return compiled.find((x) => x.op.method === m && x.re.test(path))?.op
}
