import type { Context } from 'hono'
import type { z } from 'zod'
import { parseTime } from '../time/parse-time.ts'
import { ApiError } from './api-error.ts'
import { zodDetails } from './zod-details.ts'

/**
 * Validates a request's query string with a zod schema; `lists` names the
 * parameters that may repeat (`setup=A&setup=B`), the others keep their last value.
 *
 * @example
 * const q = parseQuery(c, SeriesQuery, ['setup'])
 */
export function parseQuery<T extends z.ZodType>(c: Context, schema: T, lists: string[]): z.infer<T> {
  const raw = Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, lists.includes(k) ? v : v[v.length - 1]]))
  const r = schema.safeParse(raw)
  if (!r.success) throw new ApiError(400, 'invalid_query', 'Invalid query parameters', zodDetails(r.error, 'parameter', '(query)'))
  return r.data
}

/**
 * A time query parameter: ISO 8601, or a number read as MJD. Undefined when absent.
 *
 * @example
 * timeParam('from', '2024-01-01') // 1704067200000
 */
export function timeParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const t = parseTime(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw)
  if ('error' in t) throw new ApiError(400, 'invalid_query', `${name}: ${t.error}`, [{ field: name, reason: t.error }])
  return t.ms
}
