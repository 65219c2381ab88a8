import { describe, expect, it } from 'vitest'
import { buildReport } from '../../../server/calchecker/build-report.ts'
import type { NeedVerdict } from '../../../server/calchecker/frame-verdicts.ts'
import type { CheckedFrame } from '../../../server/store/calchecker-match.ts'
import { flattenNeeds } from '../../../server/calchecker/needs.ts'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'

const fors2 = loadCatalogues('qc-params').find((c) => c.instrument === 'FORS2')!.calchecker!
const needs = flattenNeeds(fors2)
const keys = { readmode: '200Kps', gain: 'low', coll: 'SR', filter: 'z_SPECIAL', grism: 'free', mask: '', binx: '2', biny: '2' }
const frame = (file: string, mjd: number): CheckedFrame => ({
  file, night: '2024-03-01', mjd, dataType: 'SCI_IMG', science: true, prog: 'P', obId: 7, obName: 'OB_7', tplStart: 'T1', mode: 'SM', keys, grade: '',
})
const verdict = (need: number, status: 'OK' | 'NOK' | 'MISS', age: number | null, sciMjd: number): NeedVerdict => ({
  cal: needs[need].cal, need, status, age, file: age === null ? '' : 'C.fits', via: '', planUntil: sciMjd - needs[need].lo, extendedUntil: sciMjd - needs[need].elo,
})

describe('calChecker roll-up of one template', () => {
  it('reports, per calibration, the worst verdict over the template\'s frames, so status, ages and actions agree', () => {
    const a = frame('A.fits', 60371.05), b = frame('B.fits', 60371.1)
    const verdicts = new Map([
      ['A.fits', [verdict(0, 'OK', -0.3, a.mjd), verdict(1, 'OK', 1.2, a.mjd), verdict(2, 'OK', 0.1, a.mjd)]],
      ['B.fits', [verdict(0, 'OK', -0.25, b.mjd), verdict(1, 'NOK', 4.5, b.mjd), verdict(2, 'OK', 0.15, b.mjd)]],
    ])
    const now = Date.parse('2024-03-02T12:00:00Z')
    const r = buildReport('FORS2', fors2, needs, ['2024-03-01'], [a, b], verdicts, [], now)
    expect(r.observations).toHaveLength(1)
    const o = r.observations[0]
    expect(o).toMatchObject({ files: 2, firstFile: 'A.fits', status: 'NOK' })
    expect(o.cals.map((c) => `${c.cal} ${c.status} ${c.age}`)).toEqual(['BIAS OK -0.3', 'FLAT_SKY NOK 4.5', 'STD_IMA OK 0.1'])
    expect(r.actions.map((x) => x.text)).toEqual(['take FLAT_SKY for 200Kps/low_SR_z_SPECIAL_2x2'])
    expect(r.rows[0].cells['2024-03-01']).toEqual({ status: 'NOK', final: false, files: 2 })
  })
})
