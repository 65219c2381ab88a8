import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestApp, TOKEN } from '../helpers/test-app.ts'
import { corpus, type HostileCase } from './corpus.ts'
import { naxisBillion } from './fits-bombs.ts'
import { probedServer, tableRows } from './hostile-probe.ts'

/** The probe bound: /healthz must answer within this while any hostile input is being refused (ms). */
const HEALTHZ_MS = 100

describe('hostile inputs on every endpoint: a clear 4xx naming the culprit, nothing written, the server answering', () => {
  let t: Awaited<ReturnType<typeof makeTestApp>>, probe: Awaited<ReturnType<typeof probedServer>>
  const cases = corpus()
  beforeAll(async () => {
    t = await makeTestApp({ maxBodyBytes: 4 << 20 })
    probe = await probedServer(t.app)
    // Something stored to be protected: a valid batch, so that "nothing written" is measured on a live store.
    expect((await t.postJson('/api/v1/measurements', [{ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: '2026-11-19T10:00:00Z', value: 1.05, product: 'UVES.2026-11-19.fits' }])).status).toBe(200)
    await t.services.scoring.idle()
    // Both header workers started and warm (loading the TypeScript sources costs each ~0.3 s of CPU once).
    await Promise.all([1, 2].map(() => t.services.fits.buffer(naxisBillion()).catch(() => null)))
  })
  afterAll(async () => { await probe?.close(); await t?.services.close() })

  it('has at least 100 cases over measurements, products, headers, reads, actions and alerts', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100)
    const families = new Set(cases.map((c) => c.path.split('?')[0].split('/').slice(0, 4).join('/')))
    for (const p of ['/api/v1/measurements', '/api/v1/products', '/api/v1/headers', '/api/v1/values', '/api/v1/series', '/api/v1/calchecker', '/api/v1/actions', '/api/v1/alerts', '/api/v1/ob-grades', '/api/v1/stats']) {
      expect([...families].some((f) => f.startsWith(p)), p).toBe(true)
    }
  })

  it.each(cases.map((c) => [c.name, c] as [string, HostileCase]))('%s', async (_, c) => {
    const before = await tableRows(t.store)
    const body = c.body?.() // built before the window opens: the probe measures the server, not the test's own work
    const w = probe.window()
    const res = await send(c, body)
    const text = await res.text()
    const { worstMs, failures } = await w.end()
    expect(res.status, text.slice(0, 300)).toBe(c.status)
    expect(text, 'the answer names the field, file or limit').toMatch(c.named)
    if (c.status !== 413 && c.status !== 415 && c.status !== 401) expect(res.headers.get('content-type')).toMatch(/json|html/)
    expect(failures).toEqual([])
    expect(worstMs, '/healthz answered within the bound throughout').toBeLessThan(HEALTHZ_MS)
    expect(await tableRows(t.store), 'nothing was written').toEqual(before)
    expect(res.headers.get('x-injected')).toBeNull()
  })

  /**
   * Streamed and large bodies go through the app directly: over loopback the server answers early
   * (a refusal before the whole body arrived) and the client's write then fails on a closed socket.
   */
  async function send(c: HostileCase, body: BodyInit | Buffer | undefined): Promise<Response> {
    const headers: Record<string, string> = { ...(c.type ? { 'content-type': c.type } : {}), ...(c.token ? { authorization: `Bearer ${TOKEN}` } : {}) }
    if (body instanceof FormData) delete headers['content-type']
    const init = { method: c.method, headers, body, duplex: 'half' } as RequestInit
    const large = typeof body === 'string' ? body.length > 1e6 : body instanceof Uint8Array && body.length > 1e6
    if (body instanceof ReadableStream || body instanceof FormData || large) return t.app.request(c.path, init)
    return fetch(probe.url + c.path, init)
  }
})
