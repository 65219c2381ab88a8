import { readParamInfo } from '../store/param-info-store.ts'
import { Hono } from 'hono'
import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import { buildCatalogueView } from '../catalogue/catalogue-view.ts'
import { readStoredSeries } from '../store/stored-series.ts'
import type { StoreClient } from '../store/client.ts'
import type { PublicView } from '../access/public-view.ts'

/**
 * `GET /api/v1/catalogue` — instruments, reports, parameters with units, setups seen, counts and first/last times.
 *
 * @example
 * GET /api/v1/catalogue → { instruments: [{ name: 'UVES', reports: [{ name: 'BIAS', params: [...] }] }] }
 */
export function catalogueRoute(store: StoreClient, defs: () => InstrumentCatalogue[], publicView: PublicView, generation: () => number): Hono {
  const app = new Hono()
  // The store scan (every series' count and span) is cached until the next write: pages open without waiting for it.
  let cached: { gen: number; view: Promise<ReturnType<typeof buildCatalogueView>> } | null = null
  const current = () => {
    const gen = generation()
    if (cached?.gen !== gen) {
      const view = Promise.all([readStoredSeries(store), readParamInfo(store)]).then(([stored, info]) => buildCatalogueView(defs(), stored, info))
      cached = { gen, view }
      view.catch(() => { if (cached?.view === view) cached = null })
    }
    return cached.view
  }
  app.get('/', async (c) => {
    const view = await current()
    if (c.var.viewer.view === 'full') return c.json(view)
    // Public readers see the public export's catalogue: declared public parameters only.
    return c.json({ instruments: view.instruments.map((i) => ({
      ...i, reports: i.reports.map((r) => ({ ...r, params: r.params.filter((p) => p.catalogued && publicView.param(i.name, p.name)) })).filter((r) => r.params.length > 0),
    })).filter((i) => i.reports.length > 0) })
  })
  return app
}
