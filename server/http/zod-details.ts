import type { z } from 'zod'

/**
 * Turns zod issues into the API's `details`: which field, and why. Unknown
 * keys are named one by one as "unknown <what>".
 *
 * @example
 * zodDetails(r.error, 'parameter') // [{ field: 'bogus', reason: 'unknown parameter' }]
 */
export function zodDetails(error: z.ZodError, what: 'field' | 'parameter', whole = '(body)'): { field: string; reason: string }[] {
  return error.issues.flatMap((i) => (i.code === 'unrecognized_keys'
    ? i.keys.map((k) => ({ field: k, reason: `unknown ${what}` }))
    : [{ field: i.path.join('.') || whole, reason: i.message }]))
}
