import { Hono } from 'hono'
import type { Metrics } from '../metrics/metrics.ts'

/**
 * `GET /metrics` — Prometheus text exposition of server/metrics/metrics.ts, for a scraper with a
 * reading token (`authorization: Bearer …` in its scrape config) or, where anonymous readers see
 * everything (loopback), without one.
 *
 * @example
 * GET /metrics → qcloop_values_written_total{instrument="UVES"} 1234 …
 */
export function metricsRoute(metrics: Metrics): Hono {
  const app = new Hono()
  app.get('/', async (c) => c.body(await metrics.text(), 200, { 'content-type': metrics.contentType }))
  return app
}
