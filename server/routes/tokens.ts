import { Hono } from 'hono'
import { z } from 'zod'
import type { TokenRegistry } from '../access/token-registry.ts'
import { anonymousView, type AnonymousMode } from '../access/roles.ts'
import { ApiError } from '../http/api-error.ts'
import { zodDetails } from '../http/zod-details.ts'
import { MAX_ACTION_BYTES, readJsonObject } from '../ingest/read-body.ts'

/** Body of POST /api/v1/tokens. */
export const NewToken = z.strictObject({ name: z.string().max(200), role: z.string().max(40) })

/**
 * `GET|POST /api/v1/tokens`, `DELETE /api/v1/tokens/{name}` (role admin, as the access
 * policy enforces) and `GET /api/v1/whoami` (anyone).
 *
 * @example
 * POST /api/v1/tokens { "name": "pipeline-uves", "role": "pipeline" } → { name, role, token }
 */
export function tokensRoute(tokens: TokenRegistry, anonymous: AnonymousMode): Hono {
  const app = new Hono()
  app.get('/tokens', async (c) => c.json({ tokens: await tokens.list() }))
  app.post('/tokens', async (c) => {
    const r = NewToken.safeParse(await readJsonObject(c.req.raw, MAX_ACTION_BYTES))
    if (!r.success) throw new ApiError(400, 'invalid_body', 'Send { name, role }', zodDetails(r.error, 'field', '(body)'))
    return c.json(await tokens.add(r.data.name, r.data.role, c.var.viewer.name), 201)
  })
  app.delete('/tokens/:name', async (c) => {
    await tokens.revoke(c.req.param('name'))
    return c.json({ revoked: c.req.param('name') })
  })
  app.get('/whoami', (c) => {
    const v = c.var.viewer
    return c.json({ name: v.name, role: v.role, via: v.via, view: v.via === 'anonymous' ? anonymousView(anonymous, 'read') ?? 'none' : 'full', anonymous })
  })
  return app
}
