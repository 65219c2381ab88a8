import { createContext } from '@lit/context'

/** Who the server says the browser is (GET /api/v1/whoami). */
export interface WhoAmI {
  name: string
  role: 'reader' | 'pipeline' | 'qc' | 'operator' | 'admin' | null
  via: 'token' | 'bootstrap' | 'proxy' | 'anonymous'
  /** What this caller reads: everything, what the public pages show, or nothing. */
  view: 'full' | 'public' | 'none'
  anonymous: 'all' | 'public' | 'none'
}

/** The browser's sign-in: the token (kept for this browser session only) and who it is. */
export interface Session { token: string | null; who: WhoAmI | null }

/** Provided by <qc-app>; components that act or show identity consume it. */
export const sessionContext = createContext<Session>(Symbol('qcloop-session'))

const KEY = 'qcloop-token'

/** The token kept for this tab's session (sessionStorage: gone when the browser closes). */
export const storedToken = (): string | null => sessionStorage.getItem(KEY)
export const keepToken = (token: string | null): void => (token ? sessionStorage.setItem(KEY, token) : sessionStorage.removeItem(KEY))

/** Roles that may use an action, as the server's policy (server/access/roles.ts) grants them. */
export const MAY = {
  qc: ['qc', 'admin'],
  operate: ['operator', 'admin'],
} as const

/** Whether the signed-in identity may use an action. */
export function may(session: Session | undefined, what: keyof typeof MAY): boolean {
  const role = session?.who?.role
  return !!role && (MAY[what] as readonly string[]).includes(role)
}
