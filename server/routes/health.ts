import { Hono, type Context } from 'hono'
import { readHealth, type InstrumentHealth } from '../health/health-query.ts'
import { ApiError } from '../http/api-error.ts'
import type { Services } from '../services.ts'
import { readEvents } from '../store/events-store.ts'
import { eventView } from './events.ts'

/**
 * `GET /api/v1/health` (all instruments) and `GET /api/v1/health/{instrument}`:
 * the health-check monitor's data. Answers are cached until scores change or
 * the observatory night rolls over; times relative to now are added per request.
 *
 * @example
 * GET /api/v1/health → { now, night, dayBoundaryUT, newest, instruments: [{ name, score, reports, validity }] }
 */
const DAY = 86_400_000, NEWS_DAYS = 30

export function healthRoute(s: Services): Hono {
  const app = new Hono()
  const cache = new Map<string, { key: string; view: InstrumentHealth[] }>()
  const view = async (only?: string) => {
    const now = s.clock()
    const key = `${s.scoreGeneration()}:${s.nights.nightIndex(now)}`
    const hit = cache.get(only ?? '*')
    if (hit && hit.key === key) return hit.view
    const v = await readHealth(s.store, s.catalogues(), now, s.nights, only, s.monitor)
    cache.set(only ?? '*', { key, view: v })
    return v
  }
  /** News for the monitor's readers: events of the last 30 days, ongoing and coming, newest first, with their age in days (negative: ahead). */
  const news = async (c: Context, only?: string) => {
    const now = s.clock(), full = c.var.viewer.view === 'full'
    const events = await readEvents(s.store, only ?? '', now - NEWS_DAYS * DAY, now + NEWS_DAYS * DAY)
    return events.filter((e) => full || e.public).map((e) => ({ ...eventView(e, full), ageDays: Math.round((now - e.atMs) / DAY * 10) / 10 }))
  }
  const envelope = (instruments: InstrumentHealth[], newsItems: unknown[]) => {
    const now = s.clock()
    const newest = instruments.map((i) => i.newest).filter((x): x is string => !!x).sort().at(-1) ?? null
    return {
      now: new Date(now).toISOString(), night: s.nights.nightOf(now), dayBoundaryUT: s.nights.boundaryHour,
      newest, newestAgeHours: newest ? Math.round((now - Date.parse(newest)) / 36_000) / 100 : null,
      instruments,
      news: newsItems,
    }
  }
  const seen = (c: Context, v: InstrumentHealth[]) => (c.var.viewer.view === 'public' ? s.publicView.health(v) : v)
  app.get('/', async (c) => c.json(envelope(seen(c, await view()), await news(c))))
  app.get('/:instrument', async (c) => {
    const name = c.req.param('instrument')
    const v = await view(name)
    if (v.length === 0) throw new ApiError(404, 'not_found', `No instrument ${name}`)
    return c.json(envelope(seen(c, v), await news(c, name)))
  })
  return app
}
