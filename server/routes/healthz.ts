import { Hono } from 'hono'
import type { StoreClient } from '../store/client.ts'

/**
 * `GET /healthz` — 200 with the backend and its version once the store answers, else 503.
 *
 * @example
 * GET /healthz → { "status": "ok", "store": { "backend": "chdb", "version": "26.7.2.1" } }
 */
export function healthzRoute(store: StoreClient): Hono {
  const app = new Hono()
  app.get('/', async (c) => {
    try {
      const rs = await store.client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })
      const [{ v }] = await rs.json<{ v: string }>()
      return c.json({ status: 'ok', store: { backend: store.backend, version: v } })
    } catch (e) {
      return c.json({ status: 'unavailable', store: { backend: store.backend, error: (e as Error).message } }, 503)
    }
  })
  return app
}
