import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ApiError } from './api-error.ts'
import { DomainError, type DomainErrorKind } from '../domain-errors.ts'
import { isOutOfSpace, StoreFullError } from '../store/store-errors.ts'
import type { Logger } from '../log/logger.ts'

/**
 * Maps any thrown error to the API's JSON error shape. Unknown errors are
 * logged and answered as 500 without leaking internals.
 *
 * @example
 * app.onError(apiErrors(log))
 */
export const apiErrors = (log: Logger) => (err: Error, c: Context): Response => {
  // A refused request's body may be only partly read: close the connection after the answer, so the
  // client neither keeps writing into it nor reuses it for its next request.
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') c.header('connection', 'close')
  if (err instanceof DomainError) {
    if (err.retryAfterS) c.header('retry-after', String(err.retryAfterS))
    if (err.kind === 'unauthenticated') c.header('www-authenticate', 'Bearer realm="qcloop"')
    return c.json({ error: { code: err.code, message: err.message, details: err.details ?? null } }, DOMAIN_STATUS[err.kind])
  }
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v)
    return c.json({ error: { code: err.code, message: err.message, details: err.details ?? null } }, err.status)
  }
  if (err instanceof StoreFullError || isOutOfSpace(err)) {
    const message = err instanceof StoreFullError ? err.message : new StoreFullError(err.message.slice(0, 200)).message
    return c.json({ error: { code: 'store_full', message, details: null } }, 507)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    return c.json({ error: { code: `http_${status}`, message: err.message || 'Request refused', details: null } }, status)
  }
  log.error('unhandled error', { error: err.message, stack: err.stack, requestId: c.get('requestId') as string | undefined })
  return c.json({ error: { code: 'internal', message: 'Internal server error', details: null } }, 500)
}

/** The one mapping of domain errors to HTTP statuses. */
const DOMAIN_STATUS: Record<DomainErrorKind, 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429> = {
  invalid: 400, unprocessable: 422, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, rate_limited: 429, too_large: 413, unsupported: 415,
}
