/**
 * A tiny router: every view is a URL (deep links that can be mailed). On the
 * server the URL path is the route; in the exported static site (which must
 * work from file://) the route lives in the hash: `index.html#/instrument/UVES?report=BIAS`.
 */
export const isStatic = (): boolean => (window as unknown as { QCLOOP_STATIC?: boolean }).QCLOOP_STATIC === true

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

export function navigate(url: string): void {
  history.pushState(null, '', link(url))
  window.dispatchEvent(new PopStateEvent('popstate'))
}

/** Sets query parameters on the current route without reloading (filters, ranges), keeping history short. */
export function setQuery(changes: Record<string, string | null>): void {
  const { path, query } = route()
  for (const [k, v] of Object.entries(changes)) (v === null || v === '' ? query.delete(k) : query.set(k, v))
  const qs = query.toString()
  history.replaceState(null, '', link(`${path}${qs ? `?${qs}` : ''}`))
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
