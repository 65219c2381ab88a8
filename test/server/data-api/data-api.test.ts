import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import { OPERATIONS } from '../../../server/http/operations.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2024, 0, 1, 10)
type App = Awaited<ReturnType<typeof makeTestApp>>

describe('QC1 data API and OpenAPI', () => {
  let t: App
  beforeAll(async () => {
    // Anonymous readers see what the public export shows (the default off loopback).
    t = await makeTestApp({ anonymous: 'public' })
    const rows = []
    for (let d = 0; d < 30_000 / 2; d++) {
      rows.push({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: new Date(T0 - d * 3_600_000).toISOString(), value: 1 + (d % 10) / 100, product: `U${d}.fits` })
      rows.push({ instrument: 'UVES', report: 'BIAS', param: 'duty_cycle', setup: 'BLUE', ts: new Date(T0 - d * 3_600_000).toISOString(), value: 0.0005, product: `U${d}.fits` })
    }
    expect((await t.postJson('/api/v1/measurements', rows)).status).toBe(200)
    await t.services.scoring.idle()
  })

  it('streams every value as CSV across pages, with a header line and scores; only public parameters without a token', async () => {
    const res = await t.app.request('/api/v1/values?instrument=UVES&format=csv')
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    const lines = (await res.text()).trim().split('\n')
    expect(lines[0]).toMatch(/^# instrument, report/)
    expect(lines[1]).toBe('instrument,report,param,setup,unit,ts,mjd,value,product,status,score,cause,flagged')
    expect(lines).toHaveLength(2 + 15_000) // duty_cycle is not public
    expect(new Set(lines.slice(2).map((l) => l.split(',')[2]))).toEqual(new Set(['ron_master']))
    expect(lines[2]).toMatch(/^UVES,BIAS,ron_master,BLUE,ADU,\d{4}-.*Z,\d+\.\d+,[\d.]+,U\d+\.fits,final,(green|yellow|red|grey),\w+,false$/)
    const all = await t.app.request('/api/v1/values?instrument=UVES&format=ndjson', { headers: { authorization: `Bearer ${TOKEN}` } })
    const nd = (await all.text()).trim().split('\n')
    expect(nd).toHaveLength(30_000)
    expect(JSON.parse(nd[0])).toMatchObject({ instrument: 'UVES', param: 'duty_cycle', unit: 's' })
  })

  it('filters by setup and time, and answers JSON', async () => {
    const res = await t.app.request(`/api/v1/values?instrument=UVES&param=ron_master&setup=BLUE&from=${new Date(T0 - 2 * DAY).toISOString()}&format=json`)
    const body = await res.json()
    expect(body).toHaveLength(49)
    expect(body.at(-1)).toMatchObject({ ts: new Date(T0).toISOString(), product: 'U0.fits', mjd: 60310.41666667, value: 1, unit: 'ADU', status: 'final', flagged: false })
    expect(body.at(-1).score).toMatch(/^(green|yellow|red|grey)$/)
  })

  it('quotes CSV fields only where needed and keeps JSON strings intact', async () => {
    const row = { instrument: 'UVES', report: 'BIAS', param: 'ron_raw', setup: 'RED, 225kHz/2ports', ts: '2020-05-05T10:00:00Z', value: 2.5, product: 'say "hi".fits' }
    expect((await t.postJson('/api/v1/measurements', [row])).status).toBe(200)
    await t.services.scoring.idle()
    const q = '/api/v1/values?instrument=UVES&setup=RED,%20225kHz%2F2ports'
    const csv = (await (await t.app.request(`${q}&format=csv`)).text()).trim().split('\n')
    expect(csv[2]).toBe('UVES,BIAS,ron_raw,"RED, 225kHz/2ports",ADU,2020-05-05T10:00:00.000Z,58974.41666667,2.5,"say ""hi"".fits",final,grey,no_history,false')
    const json = await (await t.app.request(`${q}&format=json`)).json()
    expect(json).toEqual([expect.objectContaining({ setup: 'RED, 225kHz/2ports', product: 'say "hi".fits', value: 2.5 })])
  })

  it('gives statistics per night, month or year, and refuses non-public parameters without a token', async () => {
    const res = await t.app.request('/api/v1/stats?instrument=UVES&param=ron_master&by=year')
    const body = await res.json()
    expect(body.buckets.map((b: { bucket: string }) => b.bucket)).toEqual(['2022', '2023', '2024'])
    const y2023 = body.buckets[1]
    expect(y2023).toMatchObject({ setup: 'BLUE', count: 8760, min: 1, max: 1.09 })
    expect(y2023.mean).toBeCloseTo(1.045, 3)
    // Counts by newest score, over the same values: they add up to the bucket's count.
    const sc = y2023.scores as Record<string, number>
    expect(Object.keys(sc).sort()).toEqual(['green', 'grey', 'pending', 'red', 'yellow'])
    expect(sc.green + sc.yellow + sc.red + sc.grey + sc.pending).toBe(8760)
    expect(sc.pending).toBe(0)
    // …and equal the scores the values API gives each of that year's values.
    const values = await (await t.app.request('/api/v1/values?instrument=UVES&param=ron_master&from=2023-01-01T00:00:00Z&to=2023-12-31T23:59:59.999Z&format=json')).json() as { score: string }[]
    const byScore = { green: 0, yellow: 0, red: 0, grey: 0, pending: 0 } as Record<string, number>
    for (const v of values) byScore[v.score]++
    expect(sc).toEqual(byScore)
    expect((await t.app.request('/api/v1/stats?instrument=UVES&param=duty_cycle')).status).toBe(401)
    expect((await t.app.request('/api/v1/stats?instrument=UVES&param=duty_cycle', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
    expect((await t.app.request('/api/v1/stats?instrument=UVES&param=ron_master&by=week')).status).toBe(400)
  })

  it('publishes an OpenAPI 3.1 document that lists every route the app serves', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json()
    expect(doc.openapi).toBe('3.1.0')
    // Validated against the official OpenAPI 3.1 JSON schema.
    const check = await new Validator().validate(doc)
    expect(check.errors ?? []).toEqual([])
    expect(check.valid).toBe(true)
    const served = new Set(t.app.routes.filter((r) => r.method !== 'ALL' && !r.path.includes('*') && /^\/(api|healthz|readyz|metrics)/.test(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '')}`))
    const documented = new Set(OPERATIONS.map((o) => `${o.method} ${o.path}`))
    expect([...served].filter((r) => !documented.has(r))).toEqual([])
    expect([...documented].filter((r) => !served.has(r))).toEqual([])
    const post = doc.paths['/api/v1/measurements'].post
    expect(post.security).toEqual([{ bearer: [] }, { proxy: [] }])
    expect(post['x-roles']).toEqual(['pipeline', 'admin'])
    expect(doc.paths['/api/v1/health'].get.security).toEqual([{}, { bearer: [] }, { proxy: [] }])
    expect(post.requestBody.content['application/json'].schema.items.required).toEqual(['instrument', 'param', 'setup', 'ts', 'value', 'product'])
    expect(doc.paths['/api/v1/values'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['instrument', 'report', 'param', 'setup', 'from', 'to', 'format'])
  })
})
