import { z } from 'zod'
import { nameField } from '../text/text-fields.ts'

/**
 * One QC1 value as sent to `POST /api/v1/measurements`. Unknown fields are refused.
 *
 * @example
 * { "instrument": "UVES", "report": "BIAS", "param": "ron_master", "setup": "BLUE 1x1 225kHz",
 *   "ts": "2024-03-01T10:05:00Z", "value": 1.062, "product": "UVES.2024-03-01T10:05:00.000.fits" }
 */
export const MeasurementInput = z.strictObject({
  instrument: nameField('instrument'),
  report: nameField('report').optional(),
  param: nameField('param'),
  setup: nameField('setup'),
  ts: z.union([z.string(), z.number()], { error: 'ts must be ISO 8601 text or an MJD number' }),
  value: z.number({ error: 'value must be a finite number' }),
  product: nameField('product'),
  status: z.enum(['preliminary', 'final'], { error: 'status must be "preliminary" or "final"' }).optional(),
})
export type MeasurementInput = z.infer<typeof MeasurementInput>

/** Status ranks as stored: a higher rank replaces a lower one for the same key. */
export const STATUS_RANK = { preliminary: 1, final: 2 } as const
export const STATUS_NAME = { 1: 'preliminary', 2: 'final' } as const

/** A validated value, ready for the store. Times are Unix milliseconds (UTC). */
export interface ValueRow {
  instrument: string
  report: string
  param: string
  setup: string
  tsMs: number
  value: number
  product: string
  status: 1 | 2
  /** Provenance of values read from product files (empty for API measurements). */
  origin?: ValueOrigin
}

/** The product file a value was read from, shared by all values of that product. */
export interface ValueOrigin {
  file: string
  proCatg: string
  recipe: string
  pipeline: string
}

/**
 * Identity of a value: one instrument, parameter, setup, time and product.
 *
 * @example
 * valueKey(row) // 'UVES\u0000ron_master\u0000BLUE\u00001709287500000\u0000UVES....fits'
 */
export function valueKey(r: Pick<ValueRow, 'instrument' | 'param' | 'setup' | 'tsMs' | 'product'>): string {
  return `${r.instrument}\u0000${r.param}\u0000${r.setup}\u0000${r.tsMs}\u0000${r.product}`
}
