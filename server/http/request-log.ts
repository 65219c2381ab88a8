import type { MiddlewareHandler } from 'hono'
import { requestId } from 'hono/request-id'
import { routePath } from 'hono/route'
import type { Logger } from '../log/logger.ts'

/** Probes and scrapes arrive every few seconds: logged at debug, not info. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics'])

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a plain token of ≤ 255
 * characters, else a new UUID; echoed in the answer) and writes one log line when it is answered:
 * method, route pattern (never the URL: its query may be long or hold a user's text), status,
 * time in ms, and who asked (the token's name, never the token).
 *
 * @example
 * app.use('*', ...requestLog(log))
 */
export function requestLog(log: Logger): MiddlewareHandler[] {
  const line: MiddlewareHandler = async (c, next) => {
    const t0 = performance.now()
    await next()
    const route = routePath(c) || 'unmatched'
    const fields = {
      requestId: c.get('requestId') as string, method: c.req.method, route, status: c.res.status,
      ms: Math.round((performance.now() - t0) * 10) / 10, by: (c.var as { viewer?: { name: string } }).viewer?.name,
    }
    if (QUIET.has(route)) log.debug('request', fields)
    else if (c.res.status >= 500) log.warn('request', fields)
    else log.info('request', fields)
  }
  return [requestId(), line]
}
