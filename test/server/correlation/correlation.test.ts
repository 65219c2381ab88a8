import { describe, expect, it } from 'vitest'
import { pairSamples, correlate } from '../../../server/correlation/correlate.ts'
import { makeTestApp } from '../../helpers/test-app.ts'
import { testCatalogue } from '../../helpers/test-catalogue.ts'

const H = 3_600_000, D = 24 * H, T0 = Date.UTC(2026, 0, 1, 10)
const CAT = testCatalogue({ BIAS: ['{ name: bias, keyword: ESO QC BIAS, unit: ADU, class: HC }', '{ name: ron, keyword: ESO QC RON, unit: ADU, class: HC }'] },
  ['{ param: bias, type: fixed, critical: [0, 1000] }', '{ param: ron, type: fixed, critical: [0, 10] }'])

describe('pairing and correlation (pure)', () => {
  it('pairs by product first, else the nearest value within the tolerance, each y once', () => {
    const xs = [{ t: 0, value: 1, product: 'A' }, { t: 10, value: 2, product: 'B' }, { t: 20, value: 3, product: 'C' }]
    const ys = [{ t: 9, value: 20, product: '' }, { t: 11, value: 21, product: '' }, { t: 100, value: 30, product: 'A' }]
    expect(pairSamples(xs, ys, 5).map((p) => [p.x, p.y])).toEqual([[1, 30], [2, 20]])
    expect(pairSamples(xs, ys, 15).map((p) => [p.x, p.y])).toEqual([[1, 30], [2, 20], [3, 21]])
  })
  it('a perfect line: r = ρ = 1 and the fit is the line; an outlier moves the robust fit little', () => {
    const pairs = Array.from({ length: 50 }, (_, i) => ({ t: i, x: i, y: 3 + 2 * i, product: `P${i}`, yProduct: '' }))
    const c = correlate(pairs)
    expect([c.n, c.pearson, c.spearman, c.fit?.slope, c.fit?.intercept]).toEqual([50, 1, 1, 2, 3])
    pairs[10].y = 1e4
    expect(correlate(pairs).fit?.slope).toBe(2)
  })
})

describe('GET /api/v1/correlation', () => {
  it('pairs two parameters of one product, and a parameter with ambient telemetry of a pseudo-instrument by time', async () => {
    const t = await makeTestApp({ catalogues: [CAT], now: T0 + 40 * D })
    const rows = Array.from({ length: 30 }, (_, d) => {
      const temp = 150 + (d % 7) // detector temperature, K
      return [
        { instrument: 'TEST', report: 'BIAS', param: 'bias', setup: 'A', ts: new Date(T0 + d * D).toISOString(), value: 200 + 0.5 * temp, product: `B${d}.fits` },
        { instrument: 'TEST', report: 'BIAS', param: 'ron', setup: 'A', ts: new Date(T0 + d * D).toISOString(), value: 3 + (d % 3) * 0.01, product: `B${d}.fits` },
        // Telemetry logged 40 minutes after each bias, as its own product.
        { instrument: 'ENV', report: 'TELEMETRY', param: 'ccd_temp', setup: 'UT1', ts: new Date(T0 + d * D + 40 * 60_000).toISOString(), value: temp, product: `env-${d}` },
      ]
    }).flat()
    expect((await t.postJson('/api/v1/measurements', rows)).status).toBe(200)
    await t.services.scoring.idle()
    const r = await t.app.request('/api/v1/correlation?instrument=TEST&x=bias&y=ccd_temp&yInstrument=ENV&setup=A&toleranceHours=2')
    expect(r.status).toBe(200)
    const body = await r.json()
    expect(body).toMatchObject({ n: 30, pearson: 1, spearman: 1, x: { param: 'bias', unit: 'ADU', values: 30 }, y: { instrument: 'ENV', param: 'ccd_temp', values: 30 } })
    expect(body.fit.slope).toBeCloseTo(2, 10) // temp = 2·(bias − 200)
    expect(body.pairs.product[0]).toBe('B0.fits')
    expect(body.pairs.yProduct[0]).toBe('env-0')
    // Tighter than 40 minutes: nothing pairs.
    expect((await (await t.app.request('/api/v1/correlation?instrument=TEST&x=bias&y=ccd_temp&yInstrument=ENV&setup=A&toleranceHours=0.5')).json()).n).toBe(0)
    // Two parameters of the same products pair by product.
    const same = await (await t.app.request('/api/v1/correlation?instrument=TEST&x=bias&y=ron&setup=A')).json()
    expect(same.n).toBe(30)
    expect(same.pairs.product).toEqual(same.pairs.yProduct)
    const bad = await t.app.request('/api/v1/correlation?instrument=TEST&x=bias')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/"y"/)
  })
})
