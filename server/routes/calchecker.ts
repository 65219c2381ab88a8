import { Hono } from 'hono'
import { z } from 'zod'
import { calcheckerReport } from '../calchecker/calchecker.ts'
import { ApiError } from '../http/api-error.ts'
import { parseQuery } from '../http/query-params.ts'
import { dateLabelField } from '../time/date-field.ts'
import { nameField } from '../text/text-fields.ts'
import type { Services } from '../services.ts'
import { withoutOb } from '../access/public-view.ts'

const Night = dateLabelField('night')
/** Query of GET /api/v1/calchecker. */
export const CalcheckerQuery = z.strictObject({
  instrument: nameField('instrument').optional(),
  /** The newest night shown (default: the current night); the six before it come with it. */
  night: Night.optional(),
})

/**
 * calChecker: `GET /api/v1/calchecker?instrument=&night=` — per science setup
 * and night (the last 7), OK / NOK / MISS, the action list and LOST?;
 * `GET /api/v1/calchecker/{instrument}/{night}/frames` — per science
 * observation, its calibrations' signed ages.
 *
 * @example
 * curl 'http://127.0.0.1:8080/api/v1/calchecker?instrument=FORS2'
 */
export function calcheckerRoute(s: Services): Hono {
  const app = new Hono()
  const catalogue = (name: string) => {
    const cat = s.catalogues().find((c) => c.instrument === name)
    if (!cat) throw new ApiError(404, 'not_found', `No instrument ${name}`)
    if (!cat.calchecker) throw new ApiError(404, 'not_found', `${name} has no calchecker association rules in qc-params`)
    return cat
  }
  app.get('/', async (c) => {
    const q = parseQuery(c, CalcheckerQuery, [])
    const cats = q.instrument ? [catalogue(q.instrument)] : s.catalogues().filter((x) => x.calchecker)
    const instruments = []
    for (const cat of cats) {
      const { observations: _, ...report } = await calcheckerReport(s.store, cat, s.nights, s.clock(), q.night)
      // OB names are the programme's business: public readers get the table without them.
      instruments.push(c.var.viewer.view === 'public' ? { ...report, lost: report.lost.map(withoutOb) } : report)
    }
    // `night` is the current night, so a client paging through weeks knows where "latest" is.
    return c.json({ now: new Date(s.clock()).toISOString(), night: s.nights.nightOf(s.clock()), instruments })
  })
  app.get('/:instrument/:night/frames', async (c) => {
    const cat = catalogue(c.req.param('instrument'))
    const night = Night.safeParse(c.req.param('night'))
    if (!night.success) throw new ApiError(400, 'invalid_path', `night: ${night.error.issues[0].message}`, [{ field: 'night', reason: night.error.issues[0].message }])
    const r = await calcheckerReport(s.store, cat, s.nights, s.clock(), night.data, 1)
    const observations = c.var.viewer.view === 'public' ? r.observations.map(withoutOb) : r.observations
    return c.json({ instrument: cat.instrument, night: night.data, daytime: r.nights[0].daytime, observations })
  })
  return app
}
