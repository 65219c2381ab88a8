/**
 * Data of the exported static site. Browsers refuse fetch() and module scripts
 * from file://, so each data file is a classic script that hands its payload to
 * `window.__qcloopData(name, payload)`; this loads them on demand and answers
 * the same paths the API would.
 */
const waiting = new Map<string, (v: unknown) => void>()
const loaded = new Map<string, Promise<unknown>>()

;(window as unknown as { __qcloopData: (name: string, payload: unknown) => void }).__qcloopData = (name, payload) => {
  waiting.get(name)?.(payload)
  waiting.delete(name)
}

function load(name: string): Promise<unknown> {
  let p = loaded.get(name)
  if (!p) {
    p = new Promise((resolve, reject) => {
      waiting.set(name, resolve)
      const s = document.createElement('script')
      s.src = `data/${name}.js`
      s.onerror = () => { loaded.delete(name); reject(new Error(`${name} is not part of the public pages`)) }
      document.head.append(s)
    })
    loaded.set(name, p)
  }
  return p
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_')

/** Answers an API path from the exported files. */
export async function staticGet<T>(path: string): Promise<T> {
  const u = new URL(path, 'http://static')
  const q = u.searchParams
  switch (u.pathname) {
    case '/api/v1/health': return load('health') as Promise<T>
    case '/api/v1/catalogue': return load('catalogue') as Promise<T>
    case '/api/v1/comments': return { comments: [] } as T
    case '/api/v1/events': return load(`events/${safe(q.get('instrument') ?? '')}`) as Promise<T>
    case '/api/v1/calchecker': return load('calchecker') as Promise<T>
    case '/api/v1/series': {
      const data = (await load(`series/${safe(q.get('instrument') ?? '')}/${safe(q.get('param') ?? '')}`)) as { series: Record<string, unknown[]>[] }
      const from = q.get('from') ? Date.parse(q.get('from')!) : -Infinity
      const to = q.get('to') ? Date.parse(q.get('to')!) : Infinity
      // The export holds every point: a range (or a zoom) is a filter here.
      const series = data.series.map((s) => {
        const keep = (s.t as number[]).map((t) => t >= from && t <= to)
        const cut = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Array.isArray(v) ? v.filter((_, i) => keep[i]) : v]))
        return { ...cut, count: (cut.t as unknown[]).length, reduced: false }
      }).filter((s) => s.count > 0)
      return { ...data, series, reduced: false } as T
    }
    default: {
      const m = /^\/api\/v1\/calchecker\/([^/]+)\/(\d{4}-\d{2}-\d{2})\/frames$/.exec(u.pathname)
      if (m) return load(`calchecker/${safe(decodeURIComponent(m[1]))}/${m[2]}`) as Promise<T>
      throw new Error('Not part of the public pages')
    }
  }
}
