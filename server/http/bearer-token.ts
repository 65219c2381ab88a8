import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { ApiError } from './api-error.ts'

/**
 * Requires `Authorization: Bearer <token>`. Both sides are hashed to equal-length
 * digests first so the comparison is constant-time whatever the length sent.
 *
 * @example
 * app.post('/api/v1/measurements', requireToken(() => cfg.token), handler)
 */
export function requireToken(expected: () => string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!m) throw new ApiError(401, 'unauthorized', 'This endpoint needs "Authorization: Bearer <token>"')
    if (!tokensEqual(m[1], expected())) throw new ApiError(403, 'forbidden', 'The token is not valid')
    await next()
  }
}

/** Constant-time token comparison. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}
