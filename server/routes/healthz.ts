import { Hono } from 'hono'
import type { StoreClient } from '../store/client.ts'

/** How old the last store check may be before a probe starts a new one in the background, ms. */
const RECHECK_MS = 5_000

interface StoreCheck { ok: boolean; version?: string; error?: string; at: number }

/**
 * `GET /healthz` — liveness: answers at once from the last store check (made
 * at most every 5 s, in the background), so a probe never waits behind a
 * query and a slow answer means the process itself is stuck. 200 with the
 * backend and its version while the store answered, 503 when it did not.
 *
 * @example
 * GET /healthz → { "status": "ok", "store": { "backend": "chdb", "version": "26.7.2.1", "checkedAt": "…" } }
 */
export function healthzRoute(store: StoreClient): Hono {
  const app = new Hono()
  let last: StoreCheck | null = null
  let running: Promise<void> | null = null
  const check = () => (running ??= (async () => {
    try {
      const rs = await store.client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })
      const [{ v }] = await rs.json<{ v: string }>()
      last = { ok: true, version: v, at: Date.now() }
    } catch (e) {
      last = { ok: false, error: (e as Error).message, at: Date.now() }
    }
  })().finally(() => { running = null }))
  app.get('/', async (c) => {
    if (!last) await check()
    else if (Date.now() - last.at > RECHECK_MS) void check()
    const s = last!
    const info = { backend: store.backend, checkedAt: new Date(s.at).toISOString() }
    return s.ok
      ? c.json({ status: 'ok', store: { ...info, version: s.version } })
      : c.json({ status: 'unavailable', store: { ...info, error: s.error } }, 503)
  })
  return app
}
