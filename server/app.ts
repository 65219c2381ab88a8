import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { serveStatic } from '@hono/node-server/serve-static'
import type { InstrumentCatalogue } from './catalogue/catalogue-schema.ts'
import { ApiError } from './http/api-error.ts'
import { requireToken } from './http/bearer-token.ts'
import { onApiError } from './http/error-handler.ts'
import { catalogueRoute } from './routes/catalogue.ts'
import { healthzRoute } from './routes/healthz.ts'
import { measurementsRoute } from './routes/measurements.ts'
import { productsRoute } from './routes/products.ts'
import { CompiledCatalogues } from './catalogue/compiled-catalogues.ts'
import { seriesRoute } from './routes/series.ts'
import type { StoreClient } from './store/client.ts'
import type { ValuesWriter } from './store/values-writer.ts'

export interface AppDeps {
  store: StoreClient
  writer: ValuesWriter
  token: string
  catalogues: () => InstrumentCatalogue[]
  maxBodyBytes: number
  /** Largest product file accepted as a raw body (streamed to disk), in bytes. */
  maxProductBytes?: number
  /** Folder with the built web UI (Vite output); omitted in API-only tests. */
  webRoot?: string
  clock?: () => number
}

/**
 * Builds the HTTP application: API under /api/v1, /healthz, and the web UI.
 *
 * @example
 * const app = createApp({ store, writer, token, catalogues: () => cats, maxBodyBytes: 32 << 20 })
 * const res = await app.request('/healthz')
 */
export function createApp(d: AppDeps): Hono {
  const app = new Hono()
  app.onError(onApiError)
  app.use('*', secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'self'"],
    },
  }))
  const limit = bodyLimit({
    maxSize: d.maxBodyBytes,
    onError: () => { throw new ApiError(413, 'payload_too_large', `The body exceeds the limit of ${d.maxBodyBytes} bytes; send smaller batches`) },
  })
  const auth = requireToken(() => d.token)

  app.route('/healthz', healthzRoute(d.store))
  app.use('/api/v1/measurements', auth, limit)
  app.route('/api/v1/measurements', measurementsRoute(d.writer, d.maxBodyBytes, d.clock))
  const compiled = new CompiledCatalogues(d.catalogues())
  // Multipart bodies are buffered, so they get the body limit; raw bodies stream to disk.
  app.use('/api/v1/products', auth, (c, next) => ((c.req.header('content-type') ?? '').startsWith('multipart/') ? limit(c, next) : next()))
  app.route('/api/v1/products', productsRoute({ store: d.store, writer: d.writer, catalogues: () => compiled, clock: d.clock }, d.maxProductBytes ?? 4 * 1024 ** 3))
  app.route('/api/v1/series', seriesRoute(d.store, (i) => d.writer.generation(i)))
  app.route('/api/v1/catalogue', catalogueRoute(d.store, d.catalogues))
  app.all('/api/*', () => { throw new ApiError(404, 'not_found', 'No such API endpoint') })

  if (d.webRoot) {
    app.use('/*', serveStatic({ root: d.webRoot }))
    // Client-side routes (/instrument/X, /trend?...) all load the single page.
    app.get('*', serveStatic({ root: d.webRoot, path: 'index.html' }))
  }
  return app
}
