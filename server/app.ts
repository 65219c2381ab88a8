import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { compress } from 'hono/compress'
import { serveStatic } from '@hono/node-server/serve-static'
import { actionsRoute } from './actions/actions-route.ts'
import { ApiError } from './http/api-error.ts'
import { access } from './http/access.ts'
import { AuthFailures } from './access/auth-failures.ts'
import { TokenRegistry } from './access/token-registry.ts'
import type { AnonymousMode } from './access/roles.ts'
import type { SsoConfig } from './access/sso.ts'
import { tokensRoute } from './routes/tokens.ts'
import { apiErrors } from './http/error-handler.ts'
import { requestLog } from './http/request-log.ts'
import { catalogueRoute } from './routes/catalogue.ts'
import { healthRoute } from './routes/health.ts'
import { healthzRoute, readyzRoute, storeChecker } from './routes/healthz.ts'
import { metricsRoute } from './routes/metrics.ts'
import { backupRoute } from './routes/backup.ts'
import { requestMetrics } from './http/request-metrics.ts'
import { measurementsRoute } from './routes/measurements.ts'
import { productsRoute } from './routes/products.ts'
import { legacyValueCounts } from './store/rekey-store.ts'
import { productDetailRoute } from './routes/product-detail.ts'
import { alertsRoute } from './routes/alerts.ts'
import { policyRoute } from './routes/policy.ts'
import { correlationRoute } from './routes/correlation.ts'
import type { PolicyFile } from '../alerts/policy-file.ts'
import { eventsRoute } from './routes/events.ts'
import { dataApiRoute } from './routes/data-api.ts'
import { openApiDocument } from './openapi/openapi.ts'
import { seriesRoute } from './routes/series.ts'
import { validityRoute } from './routes/validity.ts'
import { calcheckerRoute } from './routes/calchecker.ts'
import { FITS_BODY, headersRoute } from './routes/headers.ts'
import type { Services } from './services.ts'

export interface AppOptions {
  /** The first token (QCLOOP_TOKEN or data/token): role admin; also the key that signs acknowledge links. */
  token: string
  /** What anonymous requests may read (QCLOOP_ANONYMOUS; the server passes its configured mode). Default 'all', as on loopback. */
  anonymous?: AnonymousMode
  /** Single sign-on through an authenticating reverse proxy; omitted: tokens only. */
  sso?: SsoConfig
  /** Failed-authentication limiter (tests pass their own, with a clock). */
  failures?: AuthFailures
  /** The named tokens (built on the store when omitted). */
  tokens?: TokenRegistry
  maxBodyBytes: number
  /** Largest product file accepted as a raw body (streamed to disk), in bytes. */
  maxProductBytes?: number
  /** Folder with the built web UI (Vite output); omitted in API-only tests. */
  webRoot?: string
  /** Readiness fails while scoring lags more than this behind the writes, ms (QCLOOP_READY_MAX_LAG_S; default 300 s). */
  maxScoringLagMs?: number
  /** Alerting: called after an acknowledgement or silence so the engine re-evaluates. */
  onAlertChange?: () => void
  /** The alert policy file (reloaded by an admin's POST /api/v1/policy/reload; its mute windows mark alerts `mutedBy`). */
  policy?: PolicyFile
}

/**
 * Builds the HTTP application: API under /api/v1, /healthz, and the web UI.
 *
 * @example
 * const app = createApp(services, { token, maxBodyBytes: 32 << 20 })
 * const res = await app.request('/healthz')
 */
export function createApp(s: Services, o: AppOptions): Hono {
  const app = new Hono()
  app.onError(apiErrors(s.log))
  app.use('*', ...requestLog(s.log))
  app.use('*', requestMetrics(s.metrics))
  app.use('*', secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"],
    },
    xFrameOptions: 'DENY',
  }))
  // Answers are compressed (a 10-year report's series shrink about tenfold), off the event loop.
  app.use('*', compress())
  const limit = bodyLimit({
    maxSize: o.maxBodyBytes,
    onError: () => { throw new ApiError(413, 'payload_too_large', `The body exceeds the limit of ${o.maxBodyBytes} bytes; send smaller batches`) },
  })
  const tokens = o.tokens ?? new TokenRegistry(s.store, o.token, s.clock)
  // The one access policy: every request passes here before any route (server/http/operations.ts says who may do what).
  app.use('*', access({ tokens, anonymous: o.anonymous ?? 'all', sso: o.sso, failures: o.failures ?? new AuthFailures() }))

  const checker = storeChecker(s.store)
  app.route('/healthz', healthzRoute(s.store, checker, s.writer.space))
  app.route('/readyz', readyzRoute(checker, s.writer.space, { catalogues: () => s.catalogues().length, scoringLagMs: () => s.scoring.lagMs(s.clock()), maxScoringLagMs: o.maxScoringLagMs ?? 300_000 }))
  app.route('/metrics', metricsRoute(s.metrics))
  app.use('/api/v1/measurements', limit)
  app.route('/api/v1/measurements', measurementsRoute(s.writer, o.maxBodyBytes, s.clock, s.metrics))
  // Multipart bodies are buffered, so they get the body limit; raw bodies stream to disk. Both uploads.
  const multipartLimit: MiddlewareHandler = (c, next) => ((c.req.header('content-type') ?? '').startsWith('multipart/') ? limit(c, next) : next())
  for (const path of ['/api/v1/products', '/api/v1/products/rekey']) app.use(path, multipartLimit)
  const productDeps = { store: s.store, writer: s.writer, catalogues: s.compiled, clock: s.clock, nights: s.nights, fits: s.fits, dictionaries: s.dictionaries }
  const maxProductBytes = o.maxProductBytes ?? 4 * 1024 ** 3
  // Re-keying a store from before product identities: the same upload, values moved to their identity; the answer says what
  // is left of the files' instruments (one instrument's key range per file, not the whole store).
  app.route('/api/v1/products/rekey', productsRoute({ ...productDeps, rekey: { scoring: s.scoring } }, maxProductBytes, s.metrics, async (results) => ({ legacyLeft: await legacyValueCounts(s.store, [...new Set(results.flatMap((r) => (r.instrument ? [r.instrument] : [])))]) })))
  app.route('/api/v1/products', productsRoute(productDeps, maxProductBytes, s.metrics))
  app.route('/api/v1/series', seriesRoute(s))
  app.route('/api/v1/catalogue', catalogueRoute(s.store, s.catalogues, s.publicView, () => s.writeGenerationAll()))
  app.route('/api/v1/health', healthRoute(s))
  app.route('/api/v1/validity', validityRoute(s))
  // A raw FITS body streams (only its headers are kept); JSON, NDJSON and multipart get the body limit.
  app.use('/api/v1/headers', (c, next) => (FITS_BODY.test((c.req.header('content-type') ?? '').toLowerCase()) ? next() : limit(c, next)))
  app.use('/api/v1/ob-grades', limit)
  app.use('/api/v1/tokens', limit)
  app.route('/api/v1', headersRoute(s, o.maxBodyBytes))
  app.route('/api/v1/calchecker', calcheckerRoute(s))
  app.on(['POST'], '/api/v1/actions/*', limit)
  app.route('/api/v1/actions', actionsRoute(s))
  app.use('/api/v1/alerts/ack-link', limit)
  app.on(['POST', 'PUT'], '/api/v1/events/*', limit)
  app.route('/api/v1/events', eventsRoute(s, o.onAlertChange ?? (() => {})))
  app.route('/api/v1/alerts', alertsRoute(s, o.token, o.onAlertChange ?? (() => {}), () => o.policy?.current().muteWindows ?? []))
  app.route('/api/v1/policy', policyRoute(s, o.policy))
  app.route('/api/v1/correlation', correlationRoute(s))
  app.route('/api/v1', productDetailRoute(s))
  app.route('/api/v1', dataApiRoute(s))
  app.route('/api/v1', tokensRoute(tokens, o.anonymous ?? 'all'))
  app.route('/api/v1/backup', backupRoute(s.store))
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()))
  app.all('/api/*', () => { throw new ApiError(404, 'not_found', 'No such API endpoint') })

  if (o.webRoot) {
    // Vite names assets by content hash: they never change, so browsers keep them; the page itself is revalidated.
    app.use('/assets/*', async (c, next) => { await next(); if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable') })
    app.use('/*', serveStatic({ root: o.webRoot }))
    // Client-side routes (/instrument/X, /trend?...) all load the single page.
    app.get('*', serveStatic({ root: o.webRoot, path: 'index.html' }))
  }
  return app
}
