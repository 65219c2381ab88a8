import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

const BLUE = 'test/fixtures/eso/products/uves/night01/masterbias_blue.fits'

describe('text QC cards in the values API', () => {
  it('JSON records of a signed-in reader carry their product\'s attributes; public readers and the CSV do not', async () => {
    const t = await makeTestApp({ anonymous: 'public', now: Date.UTC(2024, 2, 12) })
    const up = await t.app.request('/api/v1/products?name=masterbias_blue.fits', { method: 'POST', body: readFileSync(BLUE), headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
    expect(up.status).toBe(200)
    const get = async (q: string, auth: boolean) => (await t.app.request(`/api/v1/values?instrument=UVES&from=2024-01-01&${q}`, { headers: auth ? { authorization: `Bearer ${TOKEN}` } : {} })).text()
    const rows = (await get('format=ndjson', true)).trim().split('\n').map((l) => JSON.parse(l))
    expect(rows.length).toBe(5)
    for (const r of rows) expect(r.attributes).toEqual({ 'ESO QC DID': 'UVES-1.14', 'ESO QC TEST1 ID': 'Test-on-Master-Bias' })
    const json = JSON.parse(await get('format=json', true))
    expect(json[0].attributes['ESO QC DID']).toBe('UVES-1.14')
    const csv = await get('format=csv', true)
    expect(csv.split('\n')[1]).toBe('instrument,report,param,setup,unit,ts,mjd,value,product,status,score,cause,flagged')
    expect(csv).not.toContain('UVES-1.14')
    const pub = (await get('format=ndjson', false)).trim()
    for (const l of pub ? pub.split('\n') : []) expect(JSON.parse(l)).not.toHaveProperty('attributes')
  })
})
