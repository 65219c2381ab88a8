import { createContext } from '@lit/context'
import { roleAllows, type AnonymousMode, type Role, type View } from '../../server/access/roles.ts'

/** Who the server says the browser is (GET /api/v1/whoami). */
export interface WhoAmI {
  name: string
  role: Role | null
  via: 'token' | 'bootstrap' | 'proxy' | 'anonymous'
  /** What this caller reads: everything, what the public pages show, or nothing. */
  view: View | 'none'
  anonymous: AnonymousMode
}

/** The browser's sign-in: the token (kept for this browser session only) and who it is. */
export interface Session { token: string | null; who: WhoAmI | null }

/** Provided by <qc-app>; components that act or show identity consume it. */
export const sessionContext = createContext<Session>(Symbol('qcloop-session'))

const KEY = 'qcloop-token'

/** The token kept for this tab's session (sessionStorage: gone when the browser closes). */
export const storedToken = (): string | null => sessionStorage.getItem(KEY)
export const keepToken = (token: string | null): void => (token ? sessionStorage.setItem(KEY, token) : sessionStorage.removeItem(KEY))

/** Whether the signed-in identity may use an action: the server's own role table (server/access/roles.ts) decides. */
export function may(session: Session | undefined, what: 'qc' | 'operate'): boolean {
  const role = session?.who?.role
  return !!role && roleAllows(role, what)
}
