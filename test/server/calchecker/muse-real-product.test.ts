import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PRODUCTS } from '../../helpers/eso-fixtures.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

const mjd = (iso: string) => Date.parse(iso) / 86_400_000 + 40587
const science = (iso: string, readmode: string) => ({
  INSTRUME: 'MUSE', ARCFILE: `MUSE.${new Date(iso).toISOString().replace(/Z$/, '')}.fits`, 'MJD-OBS': mjd(iso), 'ESO DPR CATG': 'SCIENCE', 'ESO DPR TYPE': 'OBJECT', 'ESO DPR TECH': 'IFU',
  'ESO DET READ CURNAME': readmode, 'ESO INS MODE': 'WFM-NOAO-N', 'ESO OBS ID': 3001, 'ESO OBS PROG ID': '112.B-0001(A)', 'ESO TPL START': iso,
})

describe('calChecker with a real MUSE master bias (muse_bias product, header-only copy)', () => {
  it('counts the ingested product as the bias of science with the same read-out mode, within ±3 days (OCA rule), NOK up to 7', async () => {
    const t = await makeTestApp({ now: Date.parse('2024-03-06T21:30:00Z') })
    const bytes = readFileSync(join(PRODUCTS, 'muse/night01/MASTER_BIAS.hdr.fits'))
    const res = await t.app.request('/api/v1/products?name=MASTER_BIAS.hdr.fits', { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    const rows = [science('2024-03-02T03:00:00Z', 'SCI1.0'), science('2024-03-02T04:00:00Z', 'SCI2.0'), science('2024-03-05T03:00:00Z', 'SCI1.0')]
    expect((await t.post('/api/v1/headers', rows.map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson')).status).toBe(200)
    const bias = async (night: string) => {
      const f = await (await t.app.request(`/api/v1/calchecker/MUSE/${night}/frames`)).json()
      return f.observations.map((o: { firstFile: string; cals: { cal: string; status: string; age: number | null; file: string }[] }) => [o.firstFile, o.cals[0]])
    }
    expect(await bias('2024-03-01')).toEqual([
      ['MUSE.2024-03-02T03:00:00.000.fits', expect.objectContaining({ cal: 'BIAS', status: 'OK', age: 0.7, file: 'MUSE.2024-03-01T10:05:00.000.fits' })],
      ['MUSE.2024-03-02T04:00:00.000.fits', expect.objectContaining({ cal: 'BIAS', status: 'MISS', age: null })],
    ])
    expect(await bias('2024-03-04')).toEqual([['MUSE.2024-03-05T03:00:00.000.fits', expect.objectContaining({ cal: 'BIAS', status: 'NOK', age: 3.7 })]])
  })
})
