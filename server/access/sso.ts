import { ROLES, type Role } from './roles.ts'

/**
 * Single sign-on behind an authenticating reverse proxy (oauth2-proxy, Apache mod_auth_openidc,
 * nginx auth_request …): the proxy signs people in (OIDC) and passes who they are in a header.
 * qcloop believes that header only from the proxy's own addresses; from anyone else it is ignored.
 */
export interface SsoConfig {
  /** Header with the signed-in user (e.g. X-Forwarded-User), compared case-insensitively. */
  userHeader: string
  /** Optional header with the user's groups, comma-separated (e.g. X-Forwarded-Groups). */
  groupsHeader?: string
  /** Addresses of the proxy: only requests from these may carry the user header. */
  proxies: string[]
  /** First match wins: `user:NAME=ROLE`, `group:NAME=ROLE`, `*=ROLE`. No match: anonymous. */
  roles: { match: 'user' | 'group' | 'any'; name: string; role: Role }[]
}

/**
 * Parses QCLOOP_SSO_ROLES, e.g. `group:qc-scientists=qc,user:jdoe=admin,*=reader`.
 *
 * @example
 * parseRoleMap('group:ops=operator,*=reader') // [{ match: 'group', name: 'ops', role: 'operator' }, { match: 'any', name: '*', role: 'reader' }]
 */
export function parseRoleMap(raw: string): SsoConfig['roles'] {
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const m = /^(?:(user|group):([^=]+)|(\*))=(\w+)$/.exec(entry)
    if (!m) throw new Error(`QCLOOP_SSO_ROLES: "${entry}" is not user:NAME=ROLE, group:NAME=ROLE or *=ROLE`)
    const role = m[4] as Role
    if (!ROLES.includes(role)) throw new Error(`QCLOOP_SSO_ROLES: "${entry}": the role must be one of ${ROLES.join(', ')}`)
    return m[3] ? { match: 'any' as const, name: '*', role } : { match: m[1] as 'user' | 'group', name: m[2].trim(), role }
  })
}

/**
 * The role of a signed-in person, or null when no mapping names them.
 *
 * @example
 * ssoRole(cfg.roles, 'jdoe', ['qc-scientists']) // 'qc'
 */
export function ssoRole(roles: SsoConfig['roles'], user: string, groups: string[]): Role | null {
  for (const r of roles) {
    if (r.match === 'any' || (r.match === 'user' && r.name === user) || (r.match === 'group' && groups.includes(r.name))) return r.role
  }
  return null
}

/** Whether a peer address is one of the proxy's (IPv4-mapped IPv6 addresses compare as IPv4). */
export function fromProxy(proxies: string[], address: string | undefined): boolean {
  if (!address) return false
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address
  return proxies.includes(plain) || proxies.includes(address)
}
