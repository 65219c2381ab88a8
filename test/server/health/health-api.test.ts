import { beforeEach, describe, expect, it } from 'vitest'
import { testCatalogue } from '../../helpers/test-catalogue.ts'
import { makeTestApp } from '../../helpers/test-app.ts'
import { pointsOf } from '../../helpers/series-points.ts'

const CATALOGUE = testCatalogue(
  {
    BIAS: ['{ name: ron, keyword: ESO QC RON, unit: ADU, class: KPI }', '{ name: level, keyword: ESO QC LEVEL, unit: ADU, class: HC }'],
    FLAT: ['{ name: flux, keyword: ESO QC FLUX, unit: ADU/s, class: HC }'],
  },
  ['{ id: ron, param: ron, type: fixed, warning: [1, 2], critical: [0.5, 3] }', '{ param: level, type: relative, window: { values: 5 }, warning: 10, critical: 20 }', '{ param: flux, type: fixed, warning: [90, 110], critical: [80, 120] }'],
  'validity:\n  - { report: BIAS, nights: 1, setups: ["A", "B"] }\n  - { report: FLAT, nights: 7 }\n',
)
const DAY = 86_400_000
const NOW = Date.UTC(2024, 2, 10, 12)
const T = (daysAgo: number) => new Date(Date.UTC(2024, 2, 10, 10, 5) - daysAgo * DAY).toISOString()
const v = (param: string, setup: string, daysAgo: number, value: number, report = 'BIAS') =>
  ({ instrument: 'TEST', report, param, setup, ts: T(daysAgo), value, product: `TEST.${report}.${setup}.${daysAgo}.fits` })

type App = Awaited<ReturnType<typeof makeTestApp>>
async function health(t: App) {
  const body = await (await t.app.request('/api/v1/health/TEST')).json()
  const inst = body.instruments[0]
  const param = (report: string, p: string, setup = 'A') => inst.reports.find((r: { name: string }) => r.name === report).params.find((x: { param: string; setup: string }) => x.param === p && x.setup === setup)
  return { body, inst, param }
}

describe('health, scores and QC scientist actions through the API', () => {
  let t: App
  beforeEach(async () => {
    t = await makeTestApp({ catalogues: [CATALOGUE], now: NOW })
    const rows = [
      ...[5, 4, 3, 2, 1, 0].map((d, i) => v('ron', 'A', d, [1.5, 1.6, 3.5, 1.5, 1.4, 1.5][i])),
      ...[5, 4, 3, 2, 1, 0].map((d) => v('ron', 'B', d, 1.5)),
      ...[6, 5, 4, 3, 2, 1, 0].map((d, i) => v('level', 'A', d, [100, 101, 99, 100, 100, 100, 125][i])),
      v('flux', 'A', 2, 100, 'FLAT'),
    ]
    expect((await t.postJson('/api/v1/measurements', rows)).status).toBe(200)
    await t.services.scoring.idle()
  })

  it('rolls up worst-wins: parameter → report → instrument, and the current score is the newest value\'s (a newer green clears an older red)', async () => {
    const { inst, param, body } = await health(t)
    expect(param('BIAS', 'ron')).toMatchObject({ score: 'green', last: { value: 1.5 }, unit: 'ADU', class: 'KPI' })
    expect(param('BIAS', 'ron').nights.map((n: { score: string }) => n.score)).toEqual([null, 'green', 'green', 'red', 'green', 'green', 'green'])
    expect(param('BIAS', 'level')).toMatchObject({ score: 'red', cause: 'crit_high', reason: expect.stringMatching(/above the critical limit 120 ADU/) })
    expect(inst.reports.map((r: { name: string; score: string }) => [r.name, r.score])).toEqual([['BIAS', 'red'], ['FLAT', 'green']])
    expect(inst.score).toBe('red')
    expect(body).toMatchObject({ night: '2024-03-09', dayBoundaryUT: 21, newest: T(0) })
  })

  it('marks a value false: excluded from scores and statistics, the previous value becomes current; all recorded with who and why', async () => {
    const res = await t.postJson('/api/v1/actions/flag', { instrument: 'TEST', param: 'level', setup: 'A', ts: T(0), product: 'TEST.BIAS.A.0.fits', why: 'lamp left on' })
    expect(res.status).toBe(200)
    const { param } = await health(t)
    expect(param('BIAS', 'level')).toMatchObject({ score: 'green', last: { value: 100 } })
    const series = await (await t.app.request('/api/v1/series?instrument=TEST&param=level')).json()
    expect(pointsOf(series.series[0]).at(-1)).toMatchObject({ value: 125, score: 'grey', cause: 'excluded' })
    const actions = await (await t.app.request('/api/v1/actions?instrument=TEST')).json()
    expect(actions.actions[0]).toMatchObject({ kind: 'flag', by: 'admin', why: 'lamp left on' })
    await t.postJson('/api/v1/actions/flag', { instrument: 'TEST', param: 'level', setup: 'A', ts: T(0), product: 'TEST.BIAS.A.0.fits', flag: 'clear' })
    expect((await health(t)).param('BIAS', 'level').score).toBe('red')
  })

  it('marks a series\' only value false: health no longer shows that value, and shows it again once the mark is cleared', async () => {
    expect((await health(t)).param('FLAT', 'flux')).toMatchObject({ score: 'green', last: { value: 100 } })
    const key = { instrument: 'TEST', param: 'flux', setup: 'A', ts: T(2), product: 'TEST.FLAT.A.2.fits' }
    expect((await t.postJson('/api/v1/actions/flag', { ...key, why: 'lamp off' })).status).toBe(200)
    // FLAT had no other value: the report has nothing left to show.
    const { inst } = await health(t)
    expect(inst.reports.map((r: { name: string }) => r.name)).toEqual(['BIAS'])
    expect(inst.reports.flatMap((r: { params: { param: string }[] }) => r.params).filter((x: { param: string }) => x.param === 'flux')).toEqual([])
    await t.postJson('/api/v1/actions/flag', { ...key, flag: 'clear' })
    expect((await health(t)).param('FLAT', 'flux')).toMatchObject({ score: 'green', last: { value: 100 } })
  })

  it('adjusts a threshold without re-scoring (history keeps its scores) and with re-scoring', async () => {
    const before = await (await t.app.request('/api/v1/series?instrument=TEST&param=ron&setup=A')).json()
    expect(pointsOf(before.series[0])[2]).toMatchObject({ value: 3.5, score: 'red' })
    const r1 = await t.postJson('/api/v1/actions/rule', { instrument: 'TEST', id: 'ron', critical: [0.5, 4], why: 'new detector' })
    expect(await r1.json()).toMatchObject({ ok: true, version: 2, rescored: false })
    expect(pointsOf((await (await t.app.request('/api/v1/series?instrument=TEST&param=ron&setup=A')).json()).series[0])[2].score).toBe('red')
    // A preview says what re-scoring would change, and changes nothing.
    const logged = (await (await t.app.request('/api/v1/actions?instrument=TEST')).json()).actions.length
    const p = await (await t.postJson('/api/v1/actions/rule', { instrument: 'TEST', id: 'ron', critical: [0.5, 4], from: T(10), preview: true, why: 'what if' })).json()
    expect(p).toMatchObject({ ok: true, preview: true, changed: 1, changes: [{ before: 'red', after: 'yellow', values: 1 }] })
    expect(p.values).toBeGreaterThan(1)
    expect((await (await t.app.request('/api/v1/actions?instrument=TEST')).json()).actions.length).toBe(logged)
    expect(pointsOf((await (await t.app.request('/api/v1/series?instrument=TEST&param=ron&setup=A')).json()).series[0])[2].score).toBe('red')
    const r2 = await t.postJson('/api/v1/actions/rule', { instrument: 'TEST', id: 'ron', critical: [0.5, 4], from: T(10), rescore: true, why: 'apply to history' })
    expect(await r2.json()).toMatchObject({ ok: true, rescored: true })
    const after = await (await t.app.request('/api/v1/series?instrument=TEST&param=ron&setup=A')).json()
    expect(pointsOf(after.series[0])[2]).toMatchObject({ value: 3.5, score: 'yellow', limits: [1, 2, 0.5, 4] })
    expect(after.rules).toContainEqual(expect.objectContaining({ id: 'ron', critical: [0.5, 4], by: 'admin', why: 'apply to history', from: T(10) }))
    expect(after.rules[0]).toMatchObject({ id: 'ron', version: 1, critical: [0.5, 3] }) // the catalogue's version is kept
  })

  it('forces a product OK and takes comments', async () => {
    const res = await t.postJson('/api/v1/actions/force-ok', { instrument: 'TEST', product: 'TEST.BIAS.A.3.fits', why: 'known artefact' })
    expect(res.status).toBe(200)
    const rs = await t.store.client.query({ query: `SELECT score, forced_ok FROM ${t.store.database}.qc_products FINAL WHERE product = 'TEST.BIAS.A.3.fits'`, format: 'JSONEachRow' })
    expect(await rs.json()).toEqual([{ score: 1, forced_ok: 1 }])
    const c = await t.postJson('/api/v1/actions/comment', { kind: 'report-night', instrument: 'TEST', report: 'BIAS', night: '2024-03-06', text: 'shutter checked' })
    expect(c.status).toBe(200)
    const bad = await t.postJson('/api/v1/actions/comment', { kind: 'value', instrument: 'TEST', text: '' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['param', 'text']))
  })

  it('needs the token for actions', async () => {
    const res = await t.app.request('/api/v1/actions/flag', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(401)
  })

  it('reports calibration validity per type and setup, with the to-do list', async () => {
    const body = await (await t.app.request('/api/v1/validity?instrument=TEST')).json()
    // Setup A's newest bias product is red (its level is), so A's newest good bias is a night older.
    expect(body.lines.map((l: { report: string; setup: string; status: string; newerRejected: boolean }) => [l.report, l.setup, l.status, l.newerRejected])).toEqual([
      ['BIAS', 'A', 'reminder', true], ['BIAS', 'B', 'valid', false], ['FLAT', 'A', 'valid', false],
    ])
    t.clock.now = NOW + 2 * DAY
    const later = await (await t.app.request('/api/v1/validity?instrument=TEST')).json()
    expect(later.lines.map((l: { status: string }) => l.status)).toEqual(['expired', 'expired', 'valid'])
    expect(later.todo).toEqual([{ instrument: 'TEST', report: 'BIAS', setups: ['A', 'B'] }])
    expect(later.lines[0]).toMatchObject({ ageNights: 3, overdueNights: 2, severity: 'red', last: { night: '2024-03-08' } })
  })

  it('a new version of a trailing-window rule still looks back at the values before its start', async () => {
    const r = await t.postJson('/api/v1/actions/rule', { instrument: 'TEST', id: 'level:*', warning: 5, from: T(2), rescore: true, why: 'tighter' })
    expect(r.status).toBe(200)
    const pts = pointsOf((await (await t.app.request('/api/v1/series?instrument=TEST&param=level')).json()).series[0])
    // The first value of the new version (T(2)) is judged against the 4 values before it, not left without history.
    expect(pts.find((p) => p.t === Date.parse(T(2)))).toMatchObject({ value: 100, score: 'green', cause: 'ok' })
    expect(pts.at(-1)).toMatchObject({ value: 125, score: 'red' })
  })
})
