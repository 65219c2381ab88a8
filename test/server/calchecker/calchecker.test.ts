import { beforeAll, describe, expect, it } from 'vitest'
import { card, formatHeader } from '../../../server/fits/format-header.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'
import { reclassifyFrames } from '../../../server/calchecker/reclassify.ts'
import { fors2Frame, fors2Set } from '../../helpers/fors2-frames.ts'

type App = Awaited<ReturnType<typeof makeTestApp>>
const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n')
const mjd = (iso: string) => Date.parse(iso) / 86_400_000 + 40587

// Four hand-made nights of FORS2; "now" is the afternoon after the night of 2024-03-07.
const frames = [
  // 03-01: imaging, all calibrated (bias the morning after, flat at dusk, a standard star with its own cals).
  ...fors2Set('SCI_IMG', '2024-03-02T02:00:00Z', 2, { ob: 101, mode: 'SERVICE' }),
  ...fors2Set('BIAS', '2024-03-02T10:00:00Z', 5),
  ...fors2Set('FLAT_SKY', '2024-03-01T23:10:00Z', 3),
  fors2Frame('STD_IMA', '2024-03-02T01:00:00Z'),
  // 03-03: I_BESS imaging; its only flat is 5 days old (NOK), and so is the standard star's (cal4cal).
  ...fors2Set('SCI_IMG', '2024-03-04T03:00:00Z', 1, { ob: 102, filter: 'I_BESS', mode: 'VISITOR' }),
  ...fors2Set('BIAS', '2024-03-04T10:00:00Z', 5),
  ...fors2Set('FLAT_SKY', '2024-02-28T00:00:00Z', 3, { filter: 'I_BESS' }),
  fors2Frame('STD_IMA', '2024-03-04T04:00:00Z', { filter: 'I_BESS' }),
  // 03-05: MXU spectroscopy; flat taken, arc never: MISS, and its windows have closed (LOST?).
  ...fors2Set('SCI_MXU', '2024-03-06T02:00:00Z', 3, { ob: 103, grism: 'GRIS_300V', filter: 'GG435', mask: 'M103' }),
  ...fors2Set('BIAS', '2024-03-06T10:00:00Z', 5),
  ...fors2Set('FLAT_MXU', '2024-03-06T11:00:00Z', 5, { grism: 'GRIS_300V', filter: 'GG435', mask: 'M103' }),
  // 03-07: imaging; day calibrations ongoing: only 2 of 5 bias frames so far (the 03-06 set is NOK), no standard star.
  ...fors2Set('SCI_IMG', '2024-03-08T01:00:00Z', 4, { ob: 104 }),
  ...fors2Set('FLAT_SKY', '2024-03-07T23:00:00Z', 3),
  ...fors2Set('BIAS', '2024-03-08T10:00:00Z', 2),
]

describe('calChecker on hand-made FORS2 nights', () => {
  let t: App
  beforeAll(async () => {
    t = await makeTestApp({ now: Date.parse('2024-03-08T15:00:00Z') })
    const res = await t.post('/api/v1/headers', ndjson(frames), 'application/x-ndjson')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ accepted: frames.length, duplicates: 0, unclassified: [] })
  })
  const report = async () => {
    const res = await t.app.request('/api/v1/calchecker?instrument=FORS2')
    expect(res.status).toBe(200)
    return (await res.json()).instruments[0]
  }

  it('answers OK, NOK (also through cal4cal) and MISS per night, science type and setup; worst wins upward', async () => {
    const r = await report()
    expect(r.nights.map((n: { night: string }) => n.night)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07'])
    const byNight = Object.fromEntries(r.nights.map((n: { night: string; status: string; files: number; modes: string[]; daytime: string }) => [n.night, n]))
    expect(byNight['2024-03-01']).toMatchObject({ status: 'OK', files: 2, modes: ['SM'], daytime: 'finished' })
    expect(byNight['2024-03-02']).toMatchObject({ status: null, files: 0 })
    expect(byNight['2024-03-03']).toMatchObject({ status: 'NOK', files: 1, modes: ['VM'] })
    expect(byNight['2024-03-05']).toMatchObject({ status: 'MISS', files: 3, daytime: 'finished' })
    expect(byNight['2024-03-07']).toMatchObject({ status: 'MISS', files: 4, daytime: 'ongoing' })
    expect(r.status).toBe('MISS')
    const row = r.rows.find((x: { type: string; setup: string }) => x.type === 'SCI_IMG' && x.setup === '200Kps/low_SR_z_SPECIAL_2x2')
    expect(row.cells['2024-03-01']).toEqual({ status: 'OK', final: true, files: 2 })
    expect(row.cells['2024-03-07']).toEqual({ status: 'MISS', final: false, files: 4 })
    expect(r.rows.map((x: { type: string; setup: string }) => `${x.type} ${x.setup}`)).toEqual([
      'SCI_IMG 200Kps/low_SR_I_BESS_2x2', 'SCI_IMG 200Kps/low_SR_z_SPECIAL_2x2', 'SCI_MXU 200Kps/low_SR_GRIS_300V_GG435_2x2'])
  })

  it('gives each science observation its calibrations\' signed ages, with the cal4cal verdict', async () => {
    const ok = await (await t.app.request('/api/v1/calchecker/FORS2/2024-03-01/frames')).json()
    const sci = ok.observations.find((o: { science: boolean }) => o.science)
    expect(sci).toMatchObject({ type: 'SCI_IMG', obId: 101, files: 2, firstFile: 'FORS2.2024-03-02T02:00:00.000.fits', prog: '112.A-0001(A)', mode: 'SM', status: 'OK' })
    expect(sci.cals.map((c: { cal: string; age: number; status: string }) => `${c.cal}: ${c.age} ${c.status}`)).toEqual(['BIAS: -0.34 OK', 'FLAT_SKY: 0.12 OK', 'STD_IMA: 0.04 OK'])
    const nok = await (await t.app.request('/api/v1/calchecker/FORS2/2024-03-03/frames')).json()
    const s2 = nok.observations.find((o: { science: boolean }) => o.science)
    expect(s2.cals.map((c: { cal: string; status: string; via: string }) => `${c.cal} ${c.status} ${c.via}`)).toEqual(['BIAS OK ', 'FLAT_SKY NOK ', 'STD_IMA NOK FLAT_SKY NOK'])
    const miss = await (await t.app.request('/api/v1/calchecker/FORS2/2024-03-05/frames')).json()
    expect(miss.observations[0].cals.map((c: { cal: string; status: string; age: number | null }) => [c.cal, c.status, c.age])).toEqual([['BIAS', 'OK', -0.34], ['FLAT_MXU', 'OK', -0.38], ['ARC_MXU', 'MISS', null]])
  })

  it('lists today\'s actions while windows are open, LOST? where they closed, and makes a MISS final only when the day is finished', async () => {
    const r = await report()
    expect(r.actions.map((a: { text: string; status: string; final: boolean }) => `${a.text} ${a.status} ${a.final}`)).toEqual([
      'take STD_IMA for */*_SR_z_SPECIAL_*x* MISS false', 'take BIAS for 200Kps/low_*_*_2x2 NOK false'])
    expect(r.actions[0].until).toBe('2024-03-09T01:00:00.000Z')
    expect(r.lost).toEqual([expect.objectContaining({ night: '2024-03-05', type: 'SCI_MXU', obId: 103, missing: ['ARC_MXU'] })])
    t.clock.now = Date.parse('2024-03-08T20:30:00Z')
    const later = await report()
    expect(later.nights.at(-1).daytime).toBe('finished')
    expect(later.actions.every((a: { final: boolean }) => a.final)).toBe(true)
    t.clock.now = Date.parse('2024-03-08T15:00:00Z')
  })

  it('counts an ingested master calibration product as a complete set', async () => {
    const cards = [card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', 0), card('INSTRUME', 'FORS2'), card('MJD-OBS', mjd('2024-03-08T10:30:00Z')),
      card('ARCFILE', 'FORS2.2024-03-08T10:30:00.000.fits'), card('ESO PRO CATG', 'MASTER_BIAS'), card('ESO DET READ CLOCK', '200Kps'), card('ESO DET OUT1 GAINMODE', 'low'),
      card('ESO DET WIN1 BINX', 2), card('ESO DET WIN1 BINY', 2), card('EXTNAME', 'CHIP1'), card('ESO QC BIAS LEVEL', 201.5), card('ESO QC RON', 3.1)]
    const res = await t.app.request('/api/v1/products?name=master_bias.fits', { method: "POST", body: new Uint8Array(formatHeader(cards)), headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    const r = await report()
    expect(r.actions.map((a: { cal: string }) => a.cal)).toEqual(['STD_IMA'])
    const f = await (await t.app.request('/api/v1/calchecker/FORS2/2024-03-07/frames')).json()
    expect(f.observations.find((o: { science: boolean }) => o.science).cals[0]).toMatchObject({ cal: 'BIAS', status: 'OK', age: -0.4 })
  })

  it('is idempotent, attaches OB grades, and refuses bad headers naming row and keyword, writing nothing', async () => {
    const again = await t.post('/api/v1/headers', ndjson(frames.slice(0, 3)), 'application/x-ndjson')
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 3, replaced: 0 })
    // A frame that reads differently now (here a corrected OB name) replaces the stored one.
    const fixed = await t.post('/api/v1/headers', ndjson([{ ...frames[0], 'ESO OBS NAME': 'OB_101_fixed' }]), 'application/x-ndjson')
    expect(await fixed.json()).toMatchObject({ accepted: 0, duplicates: 0, replaced: 1 })
    const bad = [fors2Frame('BIAS', '2024-03-06T12:00:00Z'), { INSTRUME: 'FORS2', ARCFILE: 'x.fits', 'ESO DPR CATG': 'CALIB' }, { ...fors2Frame('BIAS', '2024-03-06T13:00:00Z'), INSTRUME: 'NOPE' }]
    const res = await t.post('/api/v1/headers', ndjson(bad), 'application/x-ndjson')
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.details).toEqual([
      { row: 1, field: 'MJD-OBS', reason: 'MJD-OBS is missing or not a number' },
      { row: 2, field: 'INSTRUME', reason: 'NOPE is not an instrument of any catalogue' }])
    const check = await t.post('/api/v1/headers', ndjson([bad[0]]), 'application/x-ndjson')
    expect(await check.json()).toMatchObject({ accepted: 1 }) // the valid row of the refused batch was not written
    expect((await t.post('/api/v1/headers', ndjson([bad[0]]), 'application/x-ndjson', null)).status).toBe(401)
    const g = await t.postJson('/api/v1/ob-grades', { grades: [{ instrument: 'FORS2', ob_id: 101, grade: 'B' }] })
    expect(g.status).toBe(200)
    const f = await (await t.app.request('/api/v1/calchecker/FORS2/2024-03-01/frames')).json()
    expect(f.observations.find((o: { science: boolean }) => o.science).grade).toBe('B')
    expect((await t.postJson('/api/v1/ob-grades', { grades: [{ instrument: 'FORS2', ob_id: 1, grade: 'E' }] })).status).toBe(400)
    const nope = await t.postJson('/api/v1/ob-grades', { grades: [{ instrument: 'NOPE', ob_id: 1, grade: 'A' }] })
    expect((await nope.json()).error.details).toEqual([{ field: 'grades.0.instrument', reason: 'NOPE is not an instrument of any catalogue' }])
  })

  it('reclassifies stored frames when the classification rules change, once', async () => {
    const fors2 = t.services.catalogues().find((c) => c.instrument === 'FORS2')!
    const edited = structuredClone(fors2)
    edited.calchecker!.classify = edited.calchecker!.classify.map((r) => (r.type === 'STD_IMA' ? { ...r, type: 'STD_IMG' } : r))
    expect(await reclassifyFrames(t.store, [edited], Date.parse('2024-03-08T15:00:00Z'))).toEqual([{ instrument: 'FORS2', from: 'STD_IMA', to: 'STD_IMG', frames: 2 }])
    expect(await reclassifyFrames(t.store, [edited], Date.parse('2024-03-08T15:00:00Z'))).toEqual([])
    expect(await reclassifyFrames(t.store, [fors2], Date.parse('2024-03-08T15:01:00Z'))).toEqual([{ instrument: 'FORS2', from: 'STD_IMG', to: 'STD_IMA', frames: 2 }])
    const f = await (await t.app.request('/api/v1/calchecker/FORS2/2024-03-01/frames')).json()
    expect(f.observations.find((o: { science: boolean }) => o.science).cals[2]).toMatchObject({ cal: 'STD_IMA', status: 'OK' })
  })

  it('takes raw FITS files (headers only) as a body or multipart, and refuses a broken one naming the file', async () => {
    const raw = (name: string, iso: string) => formatHeader([card('SIMPLE', true), card('BITPIX', 16), card('NAXIS', 0), card('INSTRUME', 'FORS2'), card('ARCFILE', name),
      card('MJD-OBS', mjd(iso)), card('ESO DPR CATG', 'CALIB'), card('ESO DPR TYPE', 'BIAS'), card('ESO DPR TECH', 'IMAGE')])
    const one = await t.app.request('/api/v1/headers?name=b.fits', { method: 'POST', body: new Uint8Array(raw('FORS2.2024-03-06T15:00:00.000.fits', '2024-03-06T15:00:00Z')), headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
    expect(await one.json()).toMatchObject({ accepted: 1, duplicates: 0 })
    const form = new FormData()
    form.append('a', new Blob([new Uint8Array(raw('FORS2.2024-03-06T15:01:00.000.fits', '2024-03-06T15:01:00Z'))]), 'a.fits')
    form.append('b', new Blob([new Uint8Array(Buffer.from('SIMPLE  = not a fits file'))]), 'broken.fits')
    const bad = await t.app.request('/api/v1/headers', { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.details).toEqual([expect.objectContaining({ row: 1, field: '(file)', reason: expect.stringMatching(/^broken\.fits: /) })])
  })

  it('streams a raw FITS body larger than the body limit, reading only its headers', async () => {
    const small = await makeTestApp({ now: Date.parse('2024-03-08T15:00:00Z'), maxBodyBytes: 1 << 20 })
    const header = formatHeader([card('SIMPLE', true), card('BITPIX', 16), card('NAXIS', 2), card('NAXIS1', 2048), card('NAXIS2', 1500), card('INSTRUME', 'FORS2'),
      card('ARCFILE', 'FORS2.2024-03-07T12:00:00.000.fits'), card('MJD-OBS', mjd('2024-03-07T12:00:00Z')), card('ESO DPR CATG', 'CALIB'), card('ESO DPR TYPE', 'BIAS'), card('ESO DPR TECH', 'IMAGE')])
    const data = new Uint8Array(Math.ceil((2048 * 1500 * 2) / 2880) * 2880) // 6 MB of pixels, six times the body limit
    const send = (bytes: Uint8Array<ArrayBuffer>) => small.app.request('/api/v1/headers?name=bias.fits', { method: 'POST', body: bytes, headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
    const ok = await send(new Uint8Array(Buffer.concat([header, data])))
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ accepted: 1 })
    const cut = await send(new Uint8Array(Buffer.concat([header, data.subarray(0, 100_000)])))
    expect(cut.status).toBe(400)
    expect((await cut.json()).error.details[0].reason).toMatch(/^bias\.fits: HDU 0 is truncated/)
    // JSON bodies still get the limit.
    expect((await small.post('/api/v1/headers', 'x'.repeat(2 << 20), 'application/x-ndjson')).status).toBe(413)
  })
})
