import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Metrics } from '../metrics/metrics.ts'

/**
 * Times every request and counts it by method, route pattern and status (server/metrics). The
 * pattern (`/api/v1/products/:product`), not the URL, labels it: a scrape stays small however
 * many products there are.
 */
export function requestMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const t0 = performance.now()
    await next()
    metrics.observe(c.req.method, routePath(c) || 'unmatched', c.res.status, (performance.now() - t0) / 1000, c.req.path)
  }
}
