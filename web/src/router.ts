import type { ReactiveController, ReactiveControllerHost } from 'lit'

/**
 * The router: every view is a URL (deep links that can be mailed). On the server the URL path is
 * the route; in the exported static site (which must work from file://) the route lives in the
 * hash: `index.html#/instrument/UVES?report=BIAS`. Components read the route through a
 * RouteController, which re-renders them when it changes (links, Back, Forward).
 */
export const isStatic = (): boolean => (window as unknown as { QCLOOP_STATIC?: boolean }).QCLOOP_STATIC === true

/** Fired on window after the app changed the URL itself (pushState/replaceState fire nothing). */
const ROUTE_EVENT = 'qc-route'

/** The current route: path and query. */
export function route(): { path: string; query: URLSearchParams } {
  if (isStatic()) {
    const u = new URL(location.hash.slice(1) || '/', 'http://static')
    return { path: u.pathname, query: u.searchParams }
  }
  return { path: location.pathname, query: new URLSearchParams(location.search) }
}

/** An href for a route path (with query). */
export function link(pathAndQuery: string): string {
  return isStatic() ? `#${pathAndQuery}` : pathAndQuery
}

/** Goes to a route as a new history entry (Back returns here). */
export function navigate(url: string): void {
  history.pushState(null, '', link(url))
  window.dispatchEvent(new Event(ROUTE_EVENT))
}

/**
 * Sets query parameters of the current route without reloading. `push` (the default) makes a
 * history entry — a range, a zoom, an opened cell, a page of weeks: Back undoes it; `replace`
 * is for refinements that should not pile up in the history.
 */
export function setQuery(changes: Record<string, string | null>, mode: 'push' | 'replace' = 'push'): void {
  const { path, query } = route()
  const before = query.toString()
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') query.delete(k)
    else query.set(k, v)
  }
  const qs = query.toString()
  if (qs === before) return
  const url = link(`${path}${qs ? `?${qs}` : ''}`)
  if (mode === 'push') history.pushState(null, '', url)
  else history.replaceState(null, '', url)
  window.dispatchEvent(new Event(ROUTE_EVENT))
}

/**
 * The route as a Lit reactive controller: the host re-renders whenever the route changes,
 * by a link, by the app, or by Back/Forward, and reads `path` and `query` in render.
 *
 * @example
 * class Page extends LitElement { #route = new RouteController(this); render() { return html`${this.#route.query.get('report')}` } }
 */
export class RouteController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) { host.addController(this) }
  get path(): string { return route().path }
  get query(): URLSearchParams { return route().query }
  hostConnected() {
    for (const e of [ROUTE_EVENT, 'popstate', 'hashchange']) window.addEventListener(e, this.#changed)
  }
  hostDisconnected() {
    for (const e of [ROUTE_EVENT, 'popstate', 'hashchange']) window.removeEventListener(e, this.#changed)
  }
  #changed = () => this.host.requestUpdate()
}

/** Intercepts clicks on same-origin links so the page does not reload (hash links need nothing). */
export function interceptLinks(root: Document): void {
  root.addEventListener('click', (e) => {
    const a = (e.composedPath() as HTMLElement[]).find((el) => el instanceof HTMLAnchorElement) as HTMLAnchorElement | undefined
    if (!a || isStatic() || (a.getAttribute('href') ?? '').startsWith('#')) return
    if (a.target || a.hasAttribute('download') || e.metaKey || e.ctrlKey || e.shiftKey || a.origin !== location.origin) return
    e.preventDefault()
    navigate(a.pathname + a.search)
  })
}
