import { Hono } from 'hono'
import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import { buildCatalogueView } from '../catalogue/catalogue-view.ts'
import { readStoredSeries } from '../catalogue/stored-catalogue.ts'
import type { StoreClient } from '../store/client.ts'

/**
 * `GET /api/v1/catalogue` — instruments, reports, parameters with units, setups seen, counts and first/last times.
 *
 * @example
 * GET /api/v1/catalogue → { instruments: [{ name: 'UVES', reports: [{ name: 'BIAS', params: [...] }] }] }
 */
export function catalogueRoute(store: StoreClient, defs: () => InstrumentCatalogue[]): Hono {
  const app = new Hono()
  app.get('/', async (c) => c.json(buildCatalogueView(defs(), await readStoredSeries(store))))
  return app
}
