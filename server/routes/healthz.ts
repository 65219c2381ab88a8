import { Hono } from 'hono'
import { storeVersion, type StoreClient } from '../store/client.ts'
import { schemaState } from '../store/migrations.ts'
import type { StoreSpace } from '../store/store-errors.ts'

/** How old the last store check may be before a probe starts a new one in the background, ms. */
const RECHECK_MS = 5_000

interface StoreCheck { ok: boolean; version?: string; error?: string; at: number; schema?: { missing: string[]; unknown: number[] } }

/**
 * `GET /healthz` — liveness: answers at once from the last store check (made
 * at most every 5 s, in the background), so a probe never waits behind a
 * query and a slow answer means the process itself is stuck. 200 with the
 * backend and its version while the store answered, 503 when it did not.
 *
 * @example
 * GET /healthz → { "status": "ok", "store": { "backend": "chdb", "version": "26.7.2.1", "checkedAt": "…" } }
 */
export function healthzRoute(store: StoreClient, checker: StoreChecker, space?: StoreSpace): Hono {
  const app = new Hono()
  const { status } = checker
  app.get('/', async (c) => {
    const s = await status()
    const info = { backend: store.backend, checkedAt: new Date(s.at).toISOString(), writable: space?.fullSince == null }
    return s.ok
      ? c.json({ status: 'ok', store: { ...info, version: s.version } })
      : c.json({ status: 'unavailable', store: { ...info, error: s.error } }, 503)
  })
  return app
}

/** What readiness needs besides the store: how many catalogues are loaded, the scoring lag (ms) and its bound. */
export interface Readiness { catalogues: () => number; scoringLagMs: () => number; maxScoringLagMs: number }

/**
 * `GET /readyz` — readiness: 200 while this process should get traffic; 503 naming every reason it
 * should not: the store does not answer, is out of disk space, lacks migrations this qcloop needs
 * or has ones only a newer qcloop knows; no catalogue is loaded (an empty QCLOOP_CATALOGUES
 * folder); scoring lags more than its bound (QCLOOP_READY_MAX_LAG_S) behind the writes.
 *
 * @example
 * GET /readyz → 503 { "status": "not ready", "reasons": ["the store is out of disk space since 2026-12-02T10:00:00.000Z: …"] }
 */
export function readyzRoute(checker: StoreChecker, space: StoreSpace, r: Readiness): Hono {
  const app = new Hono()
  const { status } = checker
  app.get('/', async (c) => {
    const s = await status()
    const lag = r.scoringLagMs()
    const reasons = [
      ...(s.ok ? [] : [`the store does not answer: ${s.error}`]),
      ...(space.fullSince !== null ? [`the store is out of disk space since ${new Date(space.fullSince).toISOString()}: ${space.detail}`] : []),
      ...(s.schema?.missing.length ? [`the store lacks migrations ${s.schema.missing.join(', ')} (restart qcloop to apply them)`] : []),
      ...(s.schema?.unknown.length ? [`the store has migrations ${s.schema.unknown.join(', ')} of a newer qcloop: upgrade this process`] : []),
      ...(r.catalogues() === 0 ? ['no instrument catalogue is loaded (QCLOOP_CATALOGUES holds no .yaml file)'] : []),
      ...(lag > r.maxScoringLagMs ? [`scoring lags ${Math.round(lag / 1000)} s behind the writes (bound ${Math.round(r.maxScoringLagMs / 1000)} s, QCLOOP_READY_MAX_LAG_S)`] : []),
    ]
    return reasons.length ? c.json({ status: 'not ready', reasons }, 503) : c.json({ status: 'ready', reasons })
  })
  return app
}

export interface StoreChecker { status: () => Promise<StoreCheck> }

/**
 * The store's last answer to a probe, refreshed in the background at most every RECHECK_MS;
 * one per app, shared by /healthz and /readyz.
 *
 * @example
 * const checker = storeChecker(store); app.route('/healthz', healthzRoute(store, checker))
 */
export function storeChecker(store: StoreClient): StoreChecker {
  let last: StoreCheck | null = null
  let running: Promise<void> | null = null
  const check = () => (running ??= (async () => {
    try {
      last = { ok: true, version: await storeVersion(store), schema: await schemaState(store), at: Date.now() }
    } catch (e) {
      last = { ok: false, error: (e as Error).message, at: Date.now() }
    }
  })().finally(() => { running = null }))
  return {
    status: async () => {
      if (!last) await check()
      else if (Date.now() - last.at > RECHECK_MS) void check()
      return last!
    },
  }
}
