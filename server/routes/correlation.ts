import { Hono } from 'hono'
import { z } from 'zod'
import { nameField } from '../text/text-fields.ts'
import { parseQuery, timeParam } from '../http/query-params.ts'
import { paramDef } from '../catalogue/param-def.ts'
import type { Services } from '../services.ts'
import { notPublic } from '../access/public-view.ts'
import { ApiError } from '../http/api-error.ts'
import { MAX_SIDE_VALUES, readSide } from '../store/correlation-read.ts'
import { correlate, pairSamples } from '../correlation/correlate.ts'

export const CorrelationQuery = z.strictObject({
  instrument: nameField('instrument'),
  x: nameField('x'),
  y: nameField('y'),
  /** The y parameter's instrument when it is another one (ambient telemetry as a pseudo-instrument); default `instrument`. */
  yInstrument: nameField('yInstrument').optional(),
  setup: nameField('setup').optional(),
  /** The y side's setup; default `setup` for the same instrument, every setup for another one. */
  ySetup: nameField('ySetup').optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  /** Values of different products pair when this close in time, hours (default 12). */
  toleranceHours: z.coerce.number().positive().max(24 * 30).default(12),
})

/**
 * `GET /api/v1/correlation?instrument=&x=&y=&setup=&from=&to=` — two parameters paired by product
 * (else nearest in time within the tolerance), with Pearson's r, Spearman's ρ and a Theil–Sen line.
 * Public readers only pair public parameters.
 *
 * @example
 * GET /api/v1/correlation?instrument=FORS2&x=bias_level&y=TEMP.ccd&yInstrument=FORS2-ENV&setup=CHIP1,%20100Kps/2ports/high_gain,%202x2
 */
export function correlationRoute(s: Services): Hono {
  const app = new Hono()
  app.get('/', async (c) => {
    const q = parseQuery(c, CorrelationQuery, [])
    const yInstrument = q.yInstrument ?? q.instrument
    if (c.var.viewer.view === 'public') {
      if (!s.publicView.param(q.instrument, q.x)) throw notPublic(q.instrument, q.x)
      if (!s.publicView.param(yInstrument, q.y)) throw notPublic(yInstrument, q.y)
    }
    const fromMs = timeParam('from', q.from) ?? 0, toMs = timeParam('to', q.to) ?? 8_000_000_000_000
    const setup = q.setup ?? ''
    const ySetup = q.ySetup ?? (yInstrument === q.instrument ? setup : '')
    const [xs, ys] = [await readSide(s.store, { instrument: q.instrument, param: q.x, setup, fromMs, toMs }), await readSide(s.store, { instrument: yInstrument, param: q.y, setup: ySetup, fromMs, toMs })]
    for (const [name, side] of [['x', xs], ['y', ys]] as const) {
      if (side.length > MAX_SIDE_VALUES) throw new ApiError(400, 'too_many_values', `${name}: more than ${MAX_SIDE_VALUES} values in the range; narrow from/to or name a setup`, [{ field: name, reason: 'too many values' }])
    }
    const pairs = pairSamples(xs, ys, q.toleranceHours * 3_600_000)
    const unit = (i: string, p: string) => paramDef(s.catalogues(), i, p)?.unit ?? ''
    return c.json({
      instrument: q.instrument, x: { param: q.x, setup, unit: unit(q.instrument, q.x), values: xs.length },
      y: { instrument: yInstrument, param: q.y, setup: ySetup, unit: unit(yInstrument, q.y), values: ys.length },
      toleranceHours: q.toleranceHours, ...correlate(pairs),
      // Columnar, time-ascending: index i is pair i.
      pairs: { t: pairs.map((p) => p.t), x: pairs.map((p) => p.x), y: pairs.map((p) => p.y), product: pairs.map((p) => p.product), yProduct: pairs.map((p) => p.yProduct) },
    })
  })
  return app
}
