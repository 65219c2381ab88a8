import { z } from 'zod'
import { dateLabelProblem } from './parse-time.ts'

/**
 * A zod field for a date label YYYY-MM-DD that exists in the calendar (a
 * night is labelled by the date of its evening): `2024-99-99` is a 400 naming
 * the field, never a 500 or a silent 1970.
 *
 * @example
 * z.strictObject({ night: dateLabelField('night') })
 */
export const dateLabelField = (what: string) =>
  z.string({ error: `${what} must be a date as YYYY-MM-DD` }).superRefine((v, ctx) => {
    const why = dateLabelProblem(v)
    if (why) ctx.addIssue({ code: 'custom', message: `${what}: ${why}` })
  })
