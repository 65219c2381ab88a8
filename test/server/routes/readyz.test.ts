import { describe, expect, it } from 'vitest'
import { makeTestApp } from '../../helpers/test-app.ts'

const reasons = async (app: { request: (p: string) => Response | Promise<Response> }) => {
  const res = await app.request('/readyz')
  return { status: res.status, reasons: ((await res.json()) as { reasons: string[] }).reasons }
}

/** Readiness says every reason a process should not get traffic, and 200 once there is none. */
describe('GET /readyz', () => {
  it('is ready on a migrated store with catalogues and nothing waiting to be scored', async () => {
    expect(await reasons((await makeTestApp()).app)).toEqual({ status: 200, reasons: [] })
  })

  it('names a store upgraded by a newer qcloop, and no catalogue loaded', async () => {
    const t = await makeTestApp({ catalogues: [] })
    await t.store.client.insert({ table: `${t.store.database}.schema_migrations`, values: [{ version: 999, name: '999_from_the_future' }], format: 'JSONEachRow' })
    const r = await reasons(t.app)
    expect(r.status).toBe(503)
    expect(r.reasons).toEqual([
      'the store has migrations 999 of a newer qcloop: upgrade this process',
      'no instrument catalogue is loaded (QCLOOP_CATALOGUES holds no .yaml file)',
    ])
  })

  it('fails while scoring lags behind the writes beyond its bound, and recovers when scoring catches up', async () => {
    const t = await makeTestApp({ app: { maxScoringLagMs: 60_000 } })
    // A scoring pass that does not finish until released (a slow store, a huge re-score).
    let release!: () => void
    const real = t.services.scorer.score.bind(t.services.scorer)
    t.services.scorer.score = (...a) => new Promise<void>((r) => { release = r }).then(() => real(...a))
    const rows = [{ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: '2026-11-20T10:00:00Z', value: 1, product: 'P.fits' }]
    expect((await t.postJson('/api/v1/measurements', rows)).status).toBe(200)
    t.clock.now += 30_000
    expect((await reasons(t.app)).status).toBe(200)
    t.clock.now += 61_000
    expect(await reasons(t.app)).toEqual({ status: 503, reasons: ['scoring lags 91 s behind the writes (bound 60 s, QCLOOP_READY_MAX_LAG_S)'] })
    await expect.poll(() => release).toBeTypeOf('function')
    release()
    await t.services.scoring.idle()
    expect((await reasons(t.app)).status).toBe(200)
  })
})
