/**
 * Who may do what: roles, the permissions an operation can ask for, and which role
 * holds which. Pure: the edge (server/http/access.ts) applies it to every request.
 */

/** The role of a named token (or of a person signed in through the proxy). */
export const ROLES = ['reader', 'pipeline', 'qc', 'operator', 'admin'] as const
export type Role = (typeof ROLES)[number]

/**
 * What an operation needs.
 * - `open`: anyone (liveness, the OpenAPI document, the signed acknowledge link, who-am-I);
 * - `read`: a reading role, or an anonymous reader when QCLOOP_ANONYMOUS allows (public
 *   mode filters the answer to what the public export may show);
 * - `read-private`: a reading role, or anonymous in mode `all` only (the audit log);
 * - `ingest`, `qc`, `operate`, `admin`: writes, each held by the roles below.
 */
export const PERMISSIONS = ['open', 'read', 'read-private', 'ingest', 'qc', 'operate', 'admin'] as const
export type Permission = (typeof PERMISSIONS)[number]

const HELD: Record<Role, readonly Permission[]> = {
  reader: ['open', 'read', 'read-private'],
  pipeline: ['open', 'ingest'],
  qc: ['open', 'read', 'read-private', 'qc'],
  operator: ['open', 'read', 'read-private', 'operate'],
  admin: PERMISSIONS,
}

/**
 * Whether a role holds a permission (least privilege: a pipeline machine's token ingests and nothing else).
 *
 * @example
 * roleAllows('qc', 'qc')       // true
 * roleAllows('pipeline', 'read') // false
 */
export function roleAllows(role: Role, permission: Permission): boolean {
  return HELD[role].includes(permission)
}

/** The roles that hold a permission, for error messages and the OpenAPI document. */
export function rolesFor(permission: Permission): Role[] {
  return ROLES.filter((r) => roleAllows(r, permission))
}

/** What an anonymous request may read: everything, what the public export shows, or nothing. */
export const ANONYMOUS_MODES = ['all', 'public', 'none'] as const
export type AnonymousMode = (typeof ANONYMOUS_MODES)[number]

/**
 * Whether an anonymous request may use an operation, and with which view.
 *
 * @example
 * anonymousView('public', 'read')         // 'public'
 * anonymousView('public', 'read-private') // null: a token is needed
 */
export function anonymousView(mode: AnonymousMode, permission: Permission): View | null {
  if (permission === 'open') return mode === 'all' ? 'full' : 'public'
  if (permission === 'read') return mode === 'all' ? 'full' : mode === 'public' ? 'public' : null
  if (permission === 'read-private') return mode === 'all' ? 'full' : null
  return null
}

/** `full`: everything the role reads; `public`: only what the public export may show. */
export type View = 'full' | 'public'

/** Who is asking: a token's or a person's name and role, or an anonymous reader. */
export interface Viewer {
  /** The token's name, the signed-in person, or 'anonymous'. Written into the audit log. */
  name: string
  role: Role | null
  view: View
  /** How the identity was established. */
  via: 'token' | 'bootstrap' | 'proxy' | 'anonymous'
}

export const ANONYMOUS_FULL: Viewer = { name: 'anonymous', role: null, view: 'full', via: 'anonymous' }
