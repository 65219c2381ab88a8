import { Hono } from 'hono'
import type { Services } from '../services.ts'
import { readValidity } from '../validity/validity-query.ts'

/**
 * `GET /api/v1/validity[?instrument=]` — per calibration type and setup: status
 * (valid, reminder, expired, never), age, and the "take these calibrations" list.
 *
 * @example
 * GET /api/v1/validity?instrument=UVES → { night, lines: [...], todo: [{ instrument, report, setups: [...] }] }
 */
export function validityRoute(s: Services): Hono {
  const app = new Hono()
  app.get('/', async (c) => {
    const only = c.req.query('instrument')
    const now = s.clock()
    const cats = s.catalogues().filter((c) => !only || c.instrument === only)
    const byInstrument = await readValidity(s.store, cats, now, s.nights)
    const lines = [...byInstrument].flatMap(([instrument, ls]) => ls.map((l) => ({ instrument, ...l })))
    const todo = new Map<string, { instrument: string; report: string; setups: string[] }>()
    for (const l of lines) {
      if (l.status === 'valid') continue
      const k = `${l.instrument}/${l.report}`
      if (!todo.has(k)) todo.set(k, { instrument: l.instrument, report: l.report, setups: [] })
      todo.get(k)!.setups.push(l.setup)
    }
    return c.json({ now: new Date(now).toISOString(), night: s.nights.nightOf(now), dayBoundaryUT: s.nights.boundaryHour, lines, todo: [...todo.values()] })
  })
  return app
}
