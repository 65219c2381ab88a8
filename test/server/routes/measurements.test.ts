import { beforeAll, describe, expect, it } from 'vitest'
import { countRows } from '../../helpers/test-store.ts'
import { makeTestApp } from '../../helpers/test-app.ts'
import { pointsOf } from '../../helpers/series-points.ts'

const value = (i: number, over: Record<string, unknown> = {}) => ({
  instrument: 'HAWKI', report: 'DARK', param: 'ron_mean', setup: 'Chip 1, Double_RdRstRd, DIT 10 s',
  ts: new Date(Date.UTC(2024, 0, 1, 10) + i * 86_400_000).toISOString(), value: 5.5 + i / 100, product: `HAWKI.${i}.fits`, ...over,
})

describe('POST /api/v1/measurements', () => {
  let t: Awaited<ReturnType<typeof makeTestApp>>
  beforeAll(async () => { t = await makeTestApp({ maxBodyBytes: 64 * 1024 }) })

  it('needs a bearer token (401 without, and with a wrong one), and writes nothing', async () => {
    const body = JSON.stringify([value(0)])
    const none = await t.post('/api/v1/measurements', body, 'application/json', null)
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } })
    expect((await t.post('/api/v1/measurements', body, 'application/json', 'wrong')).status).toBe(401)
    expect(await countRows(t.store)).toBe(0)
  })

  it('accepts a JSON array and NDJSON, and answers accepted and duplicates', async () => {
    const res = await t.post('/api/v1/measurements', JSON.stringify([value(0), value(1)]))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, replaced: 0, superseded: 0 })
    const nd = [value(1), value(2), value(3)].map((v) => JSON.stringify(v)).join('\n') + '\n'
    const res2 = await t.post('/api/v1/measurements', nd, 'application/x-ndjson')
    expect(await res2.json()).toEqual({ accepted: 2, duplicates: 1, replaced: 0, superseded: 0 })
  })

  it('refuses a batch with any bad row: 400, every bad row listed, nothing written', async () => {
    const before = await countRows(t.store)
    const nd = [JSON.stringify(value(10)), '{"instrument": "HAWKI", "value": NaN}', JSON.stringify(value(11, { value: 'high', extra: 1 }))].join('\n')
    const res = await t.post('/api/v1/measurements', nd, 'application/x-ndjson')
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.code).toBe('invalid_rows')
    expect(body.error.details).toEqual([
      { row: 1, field: '(row)', reason: expect.stringMatching(/NaN/) },
      { row: 2, field: 'value', reason: expect.any(String) },
      { row: 2, field: 'extra', reason: 'unknown field' },
    ])
    expect(await countRows(t.store)).toBe(before)
  })

  it('answers 409 for a changed value of a stored key', async () => {
    const res = await t.post('/api/v1/measurements', JSON.stringify([value(0, { value: 42 })]))
    expect(res.status).toBe(409)
    expect((await res.json()).error.code).toBe('conflicting_values')
  })

  it('refuses bodies over the limit with 413', async () => {
    const big = JSON.stringify(Array.from({ length: 1000 }, (_, i) => value(i)))
    const res = await t.post('/api/v1/measurements', big)
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
  })

  it('refuses other content types with 415', async () => {
    expect((await t.post('/api/v1/measurements', 'a,b', 'text/csv')).status).toBe(415)
  })
})

describe('read API', () => {
  let t: Awaited<ReturnType<typeof makeTestApp>>
  beforeAll(async () => {
    t = await makeTestApp()
    await t.post('/api/v1/measurements', JSON.stringify([0, 1, 2].map((i) => value(i))))
    await t.post('/api/v1/measurements', JSON.stringify([value(0, { param: 'QC NEW THING', report: 'DARK' })]))
    await t.services.scoring.idle()
  })

  it('GET /api/v1/series returns time-ordered points with their products', async () => {
    const res = await t.app.request('/api/v1/series?instrument=HAWKI&param=ron_mean&from=2024-01-02')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.reduced).toBe(false)
    expect(body.series).toHaveLength(1)
    expect(body.series[0].product).toEqual(['HAWKI.1.fits', 'HAWKI.2.fits'])
    expect(pointsOf(body.series[0])[0]).toMatchObject({ ts: '2024-01-02T10:00:00.000Z', value: 5.51, score: 'grey', cause: 'no_history' })
  })

  it('GET /api/v1/series says what is wrong with a bad query', async () => {
    const res = await t.app.request('/api/v1/series?instrument=HAWKI&param=ron_mean&from=soon&bogus=1')
    expect(res.status).toBe(400)
    expect((await res.json()).error.details).toContainEqual({ field: 'bogus', reason: 'unknown parameter' })
    const res2 = await t.app.request('/api/v1/series?instrument=HAWKI&param=ron_mean&from=soon')
    expect((await res2.json()).error.details).toEqual([{ field: 'from', reason: expect.stringMatching(/ISO 8601/) }])
  })

  it('GET /api/v1/catalogue shows declared and uncatalogued parameters with units and counts', async () => {
    const body = await (await t.app.request('/api/v1/catalogue')).json()
    const hawki = body.instruments.find((i: { name: string }) => i.name === 'HAWKI')
    const dark = hawki.reports.find((r: { name: string }) => r.name === 'DARK')
    expect(dark.params.find((p: { name: string }) => p.name === 'ron_mean')).toMatchObject({
      unit: 'ADU', class: 'KPI', catalogued: true, count: 3,
      setups: [{ setup: 'Chip 1, Double_RdRstRd, DIT 10 s', count: 3, first: '2024-01-01T10:00:00.000Z', last: '2024-01-03T10:00:00.000Z' }],
    })
    expect(dark.params.find((p: { name: string }) => p.name === 'QC NEW THING')).toMatchObject({ catalogued: false, count: 1 })
    expect(body.instruments.map((i: { name: string }) => i.name)).toEqual(['FORS2', 'GIRAFFE', 'HAWKI', 'MUSE', 'UVES'])
  })

  it('GET /healthz names the backend and its version', async () => {
    const res = await t.app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', store: { backend: 'chdb', version: expect.stringMatching(/^2\d\./) } })
  })

  it('unknown API paths answer 404 in the error shape', async () => {
    const res = await t.app.request('/api/v1/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})
