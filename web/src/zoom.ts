/**
 * A zoomed time range in the URL: `zoom=2024-01-03T10:00:00Z..2024-02-01T00:00:00Z` (UT, to the
 * second), so a zoomed view can be mailed and reloaded.
 *
 * @example
 * parseZoom(formatZoom(a, b)) // [a, b] to the second
 */
export function formatZoom(fromMs: number, toMs: number): string {
  const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
  return `${iso(fromMs)}..${iso(toMs)}`
}

/** The range of a `zoom` parameter (ms), or null when absent or not two times in order. */
export function parseZoom(raw: string | null): [number, number] | null {
  const m = raw?.match(/^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z)\.\.(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z)$/)
  if (!m) return null
  const a = Date.parse(m[1]), b = Date.parse(m[2])
  return Number.isFinite(a) && Number.isFinite(b) && a < b ? [a, b] : null
}
