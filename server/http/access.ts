import type { Context, MiddlewareHandler } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import { anonymousView, rolesFor, roleAllows, ANONYMOUS_FULL, type AnonymousMode, type Viewer } from '../access/roles.ts'
import type { AuthFailures } from '../access/auth-failures.ts'
import { fromProxy, ssoRole, type SsoConfig } from '../access/sso.ts'
import type { TokenRegistry } from '../access/token-registry.ts'
import { ApiError } from './api-error.ts'
import { DomainError } from '../domain-errors.ts'
import { findOperation } from './operations.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** Who is asking, as the access policy established it (every API route sees one). */
    viewer: Viewer
  }
}

export interface AccessOptions {
  tokens: TokenRegistry
  anonymous: AnonymousMode
  failures: AuthFailures
  sso?: SsoConfig
}

// RFC 6750 token68: what a bearer token may consist of. Anything else in the header is malformed.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i
// Query parameters some clients use for tokens: refused, never read (URLs end up in logs and histories).
const TOKEN_PARAMS = ['token', 'access_token', 'api_key', 'apikey', 'auth']

const address = (c: Context) => {
  try { return getConnInfo(c).remote.address ?? 'unknown' } catch { return 'unknown' }
}

/**
 * The one access policy: every API request is matched to its operation (server/http/operations.ts),
 * its caller identified — a named token, a person signed in at the reverse proxy, or anonymous —
 * and let through only when the caller's role (or the anonymous mode) holds the operation's
 * permission. Requests matching no operation are refused, so a route cannot be reached without
 * a declared permission. Handlers read `c.var.viewer` to shape answers (public view), never to decide access.
 *
 * @example
 * app.use('*', access({ tokens, anonymous: 'public', failures: new AuthFailures() }))
 */
export function access(o: AccessOptions): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path
    const api = path.startsWith('/api/')
    const op = findOperation(c.req.method, path)
    if (!op) {
      if (api) throw new ApiError(404, 'not_found', 'No such API endpoint')
      c.set('viewer', ANONYMOUS_FULL)
      return next()
    }
    const query = c.req.queries()
    const inUrl = TOKEN_PARAMS.find((k) => k in query)
    if (inUrl) throw new ApiError(400, 'token_in_url', `Tokens are never accepted in URLs (query parameter "${inUrl}"); send "Authorization: Bearer <token>"`, [{ field: inUrl, reason: 'send the token in the Authorization header' }])
    const viewer = await identify(c, o)
    if (op.permission !== 'open') {
      if (viewer.role) {
        if (!roleAllows(viewer.role, op.permission)) {
          throw new ApiError(403, 'forbidden', `${viewer.name} has role ${viewer.role}; ${op.method.toUpperCase()} ${op.path} needs one of: ${rolesFor(op.permission).join(', ')}`)
        }
      } else {
        const view = anonymousView(o.anonymous, op.permission)
        if (!view) throw unauthenticated(`${op.method.toUpperCase()} ${op.path} needs a token of one of: ${rolesFor(op.permission).join(', ')}`)
        viewer.view = view
      }
    }
    c.set('viewer', viewer)
    await next()
    // Answers for an identified caller are theirs alone: no shared cache may keep them.
    if (viewer.role) c.header('cache-control', 'no-store')
  }
}

async function identify(c: Context, o: AccessOptions): Promise<Viewer> {
  const header = c.req.header('authorization')
  const peer = address(c)
  if (header !== undefined) {
    const wait = o.failures.blockedFor(peer)
    if (wait > 0) throw new DomainError('rate_limited', 'too_many_failures', `Too many failed authentications from this address; try again in ${wait} s`, { retryAfterS: wait }, wait)
    const m = BEARER.exec(header)
    if (!m) throw new ApiError(400, 'invalid_authorization', 'The Authorization header must be "Bearer <token>" (one token, no other scheme)', [{ field: 'authorization', reason: 'Bearer <token>' }])
    const viewer = await o.tokens.authenticate(m[1])
    if (!viewer) {
      o.failures.record(peer)
      throw unauthenticated('The token is unknown or revoked', 'invalid_token')
    }
    return viewer
  }
  if (o.sso) {
    const user = c.req.header(o.sso.userHeader)?.trim()
    // Only the proxy may say who someone is: from any other address the header is ignored.
    if (user && fromProxy(o.sso.proxies, peer)) {
      const groups = o.sso.groupsHeader ? (c.req.header(o.sso.groupsHeader) ?? '').split(',').map((g) => g.trim()).filter(Boolean) : []
      const role = ssoRole(o.sso.roles, user, groups)
      if (role) return { name: user.slice(0, 100), role, view: 'full', via: 'proxy' }
    }
  }
  return { ...ANONYMOUS_FULL }
}

function unauthenticated(message: string, error?: 'invalid_token'): ApiError {
  const e = new ApiError(401, 'unauthorized', message)
  e.headers = { 'www-authenticate': `Bearer realm="qcloop"${error ? `, error="${error}"` : ''}` }
  return e
}
