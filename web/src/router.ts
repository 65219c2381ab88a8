/** A tiny router: every view is a URL (deep links that can be mailed); in-app links use pushState. */
export function navigate(url: string): void {
  history.pushState(null, '', url)
  window.dispatchEvent(new PopStateEvent('popstate'))
}

/** Sets query parameters on the current URL without reloading (filters, ranges), keeping history short. */
export function setQuery(changes: Record<string, string | null>): void {
  const u = new URL(location.href)
  for (const [k, v] of Object.entries(changes)) (v === null || v === '' ? u.searchParams.delete(k) : u.searchParams.set(k, v))
  history.replaceState(null, '', u)
}

/** Intercepts clicks on same-origin links so the page does not reload. */
export function interceptLinks(root: Document): void {
  root.addEventListener('click', (e) => {
    const a = (e.composedPath() as HTMLElement[]).find((el) => el instanceof HTMLAnchorElement) as HTMLAnchorElement | undefined
    if (!a || a.target || a.hasAttribute('download') || e.metaKey || e.ctrlKey || e.shiftKey || a.origin !== location.origin) return
    e.preventDefault()
    navigate(a.pathname + a.search)
  })
}
