import { beforeAll, describe, expect, it } from 'vitest'
import { AuthFailures } from '../../../server/access/auth-failures.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'
import { accessApp, PRIVATE, PUBLIC_COMMENT } from '../../helpers/access-fixture.ts'

type App = Awaited<ReturnType<typeof accessApp>>
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
/** A request as if from a client at `address` (the node server's socket, which the policy reads). */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })

describe('the leaks found without a token are closed (QCLOOP_ANONYMOUS=public)', () => {
  let t: App
  beforeAll(async () => { t = await accessApp('public') }, 120_000)
  const get = async (path: string, token?: string) => {
    const res = await t.app.request(path, { headers: token ? bearer(token) : {} })
    return { status: res.status, body: await res.text() }
  }

  it('series, health and values do not give a private parameter; stats says why', async () => {
    expect((await get('/api/v1/series?instrument=UVES&param=duty_cycle')).status).toBe(401)
    expect((await get('/api/v1/series?instrument=UVES&param=duty_cycle', t.tokens.get('reader'))).status).toBe(200)
    expect((await get('/api/v1/health/UVES')).body).not.toContain('duty_cycle')
    expect((await get('/api/v1/health/UVES', t.tokens.get('reader'))).body).toContain('duty_cycle')
    expect((await get('/api/v1/values?instrument=UVES&param=duty_cycle&format=json')).body).toBe('[]')
    const stats = await get('/api/v1/stats?instrument=UVES&param=duty_cycle')
    expect(stats.status).toBe(401)
    expect(stats.body).toMatch(/duty_cycle of UVES is not public/)
    expect((await get('/api/v1/catalogue')).body).not.toContain('duty_cycle')
  })

  it('comments and product details drop internal comments and private parameters', async () => {
    const comments = await get('/api/v1/comments?instrument=UVES')
    expect(comments.body).toContain(PUBLIC_COMMENT)
    expect(comments.body).not.toContain(PRIVATE.internalComment)
    expect(comments.body).not.toContain('duty note')
    const product = JSON.parse((await get('/api/v1/products/UVES.0.fits?instrument=UVES')).body)
    expect(product.values.map((v: { param: string }) => v.param)).toEqual(['ron_master'])
    expect(product.comments.map((c: { text: string }) => c.text)).toEqual([PUBLIC_COMMENT])
    const full = JSON.parse((await get('/api/v1/products/UVES.0.fits?instrument=UVES', t.tokens.get('reader'))).body)
    expect(full.comments).toContainEqual(expect.objectContaining({ text: PRIVATE.internalComment, internal: true, by: 'qc-bot' }))
  })

  it('the audit log needs a token; alerts show neither acknowledgements nor private parameters', async () => {
    expect((await get('/api/v1/actions')).status).toBe(401)
    const alerts = JSON.parse((await get('/api/v1/alerts')).body)
    expect(alerts.firing).toEqual([{ key: 'critical:UVES:ron_master:BLUE', instrument: 'UVES', kind: 'critical', state: 'firing', since: expect.any(String), began: expect.any(String), title: 'UVES ron_master critical' }])
    expect(alerts.silenced).toEqual([])
    const full = JSON.parse((await get('/api/v1/alerts', t.tokens.get('operator'))).body)
    expect(full.firing).toHaveLength(2)
    expect(full.silenced[0]).toMatchObject({ ackedBy: PRIVATE.ackedBy, silenceReason: PRIVATE.silence })
  })

  it('calChecker gives the night table without OB names or grades', async () => {
    const frames = await get('/api/v1/calchecker/FORS2/2024-03-01/frames')
    expect(JSON.parse(frames.body).observations[0]).not.toHaveProperty('obName')
    expect(frames.body).not.toContain('OB_101')
    const full = JSON.parse((await get('/api/v1/calchecker/FORS2/2024-03-01/frames', t.tokens.get('reader'))).body)
    expect(full.observations[0]).toMatchObject({ obName: 'OB_101', grade: 'C' })
  })

  it('the audit log names the token that acted, whatever the client says', async () => {
    const actions = JSON.parse((await get('/api/v1/actions', t.tokens.get('reader'))).body).actions
    expect(actions.find((a: { kind: string }) => a.kind === 'flag')).toMatchObject({ by: 'qc-bot', why: PRIVATE.actionWhy })
    const res = await t.app.request('/api/v1/actions/comment', { method: 'POST', headers: { ...bearer(t.tokens.get('qc')!), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'product', instrument: 'UVES', product: 'UVES.3.fits', text: 'x', by: 'someone-else' }) })
    expect(res.status).toBe(400)
    expect((await res.json()).error.details).toEqual([{ field: 'by', reason: 'unknown field' }])
  })
})

describe('tokens and the edge', () => {
  let t: Awaited<ReturnType<typeof makeTestApp>>
  let now = 0
  beforeAll(async () => { t = await makeTestApp({ anonymous: 'none', app: { failures: new AuthFailures({ limit: 5, windowMs: 60_000, clock: () => now }) } }) })
  const admin = (path: string, init: RequestInit = {}) => t.app.request(path, { ...init, headers: { ...bearer(TOKEN), 'content-type': 'application/json', ...init.headers } })

  it('a new token is shown once, stored hashed, listed with its last use, and fails on the next request once revoked', async () => {
    const created = await admin('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: 'pipe-1', role: 'pipeline' }) })
    expect(created.status).toBe(201)
    const { token } = await created.json()
    expect(token).toMatch(/^qcl_[A-Za-z0-9_-]{43}$/)
    const rs = await t.store.client.query({ query: `SELECT hash FROM ${t.store.database}.qc_tokens WHERE name = 'pipe-1'`, format: 'JSONEachRow' })
    const [{ hash }] = await rs.json<{ hash: string }>()
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hash).not.toContain(token)
    expect((await t.app.request('/api/v1/whoami', { headers: bearer(token) })).status).toBe(200)
    const list = await (await admin('/api/v1/tokens')).json()
    expect(list.tokens).toContainEqual(expect.objectContaining({ name: 'pipe-1', role: 'pipeline', revoked: false, lastUsed: expect.any(String) }))
    expect(list.tokens).toContainEqual(expect.objectContaining({ name: 'admin', role: 'admin', bootstrap: true }))
    expect(JSON.stringify(list)).not.toContain(token)
    expect(JSON.stringify(list)).not.toContain(hash)
    expect((await admin('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: 'pipe-1', role: 'reader' }) })).status).toBe(409)
    expect((await admin('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: 'x y', role: 'reader' }) })).status).toBe(400)
    expect((await admin('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: 'ok', role: 'root' }) })).status).toBe(400)
    expect((await admin('/api/v1/tokens/pipe-1', { method: 'DELETE' })).status).toBe(200)
    const after = await t.app.request('/api/v1/measurements', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: '[]' })
    expect(after.status).toBe(401)
    expect((await admin('/api/v1/tokens/admin', { method: 'DELETE' })).status).toBe(409)
  })

  it('401 says Bearer; a malformed header is 400; a token in the URL is refused; answers carry security headers', async () => {
    const none = await t.app.request('/api/v1/health')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="qcloop"')
    const wrong = await t.app.request('/api/v1/health', { headers: bearer('not-a-token') })
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="qcloop", error="invalid_token"')
    for (const header of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer a b', 'Bearer "quoted"', 'Token abc']) {
      const res = await t.app.request('/api/v1/health', { headers: { authorization: header } })
      expect(res.status, header).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_authorization')
    }
    const url = await t.app.request(`/api/v1/health?access_token=${TOKEN}`)
    expect(url.status).toBe(400)
    expect((await url.json()).error.message).toMatch(/never accepted in URLs/)
    const ok = await t.app.request('/api/v1/health', { headers: bearer(TOKEN) })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('cache-control')).toBe('no-store')
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff')
    expect(ok.headers.get('x-frame-options')).toBe('DENY')
    expect(ok.headers.get('referrer-policy')).toBe('no-referrer')
    expect(ok.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
    expect((await t.app.request('/healthz')).headers.get('cache-control')).toBeNull()
  })

  it('failed authentications are limited per client address', async () => {
    now = 1_000_000
    for (let i = 0; i < 5; i++) expect((await t.app.request('/api/v1/health', { headers: bearer(`guess${i}`) }, from('203.0.113.7'))).status).toBe(401)
    const blocked = await t.app.request('/api/v1/health', { headers: bearer(TOKEN) }, from('203.0.113.7'))
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBe(60)
    // Another address is not affected; the blocked one may try again once its window has passed.
    expect((await t.app.request('/api/v1/health', { headers: bearer(TOKEN) }, from('198.51.100.2'))).status).toBe(200)
    now += 60_001
    expect((await t.app.request('/api/v1/health', { headers: bearer(TOKEN) }, from('203.0.113.7'))).status).toBe(200)
  })
})

describe('single sign-on through a reverse proxy', () => {
  let t: Awaited<ReturnType<typeof makeTestApp>>
  beforeAll(async () => {
    t = await makeTestApp({ anonymous: 'public', app: { sso: { userHeader: 'X-Forwarded-User', groupsHeader: 'X-Forwarded-Groups', proxies: ['10.1.2.3'], roles: [{ match: 'group', name: 'qc-team', role: 'qc' }, { match: 'any', name: '*', role: 'reader' }] } } })
  })
  const who = async (headers: Record<string, string>, address: string) => (await t.app.request('/api/v1/whoami', { headers }, from(address))).json()

  it('takes the user from the header only when the proxy sent it, with the mapped role', async () => {
    expect(await who({ 'x-forwarded-user': 'jdoe', 'x-forwarded-groups': 'astro, qc-team' }, '10.1.2.3')).toMatchObject({ name: 'jdoe', role: 'qc', via: 'proxy' })
    expect(await who({ 'x-forwarded-user': 'guest' }, '::ffff:10.1.2.3')).toMatchObject({ name: 'guest', role: 'reader' })
    // From anyone else the header is ignored: anonymous, public view.
    expect(await who({ 'x-forwarded-user': 'jdoe', 'x-forwarded-groups': 'qc-team' }, '10.9.9.9')).toMatchObject({ name: 'anonymous', role: null, view: 'public' })
    const flag = await t.app.request('/api/v1/actions/comment', { method: 'POST', headers: { 'x-forwarded-user': 'jdoe', 'x-forwarded-groups': 'qc-team', 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'product', instrument: 'UVES', product: 'P.fits', text: 'seen' }) }, from('10.1.2.3'))
    expect(flag.status).toBe(200)
    const log = await (await t.app.request('/api/v1/actions', { headers: bearer(TOKEN) })).json()
    expect(log.actions[0]).toMatchObject({ kind: 'comment', by: 'jdoe' })
  })
})
