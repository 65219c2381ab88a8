import { describe, expect, it } from 'vitest'
import { classifyType, frameFromHeader, FrameError, normaliseKeyword, setupLabel } from '../../../server/calchecker/classify-frame.ts'
import { daytimeState } from '../../../server/calchecker/daytime-state.ts'
import { flattenNeeds } from '../../../server/calchecker/needs.ts'
import { loadCatalogues, parseCatalogue } from '../../../server/catalogue/load-catalogues.ts'

const fors2 = loadCatalogues('qc-params').find((c) => c.instrument === 'FORS2')!.calchecker!
const h = (o: Record<string, string | number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [normaliseKeyword(k), v]))

describe('frame classification (OCA-like rules)', () => {
  it('classifies by DPR keywords with globs, first rule wins, and keeps unmatched frames unclassified', () => {
    expect(classifyType(fors2, h({ 'ESO DPR CATG': 'SCIENCE', 'ESO DPR TYPE': 'OBJECT', 'ESO DPR TECH': 'IMAGE' }))).toBe('SCI_IMG')
    expect(classifyType(fors2, h({ 'ESO DPR CATG': 'SCIENCE', 'ESO DPR TYPE': 'OBJECT,OFFSET', 'ESO DPR TECH': 'SPECTRUM,MXU' }))).toBe('SCI_MXU')
    expect(classifyType(fors2, h({ 'HIERARCH ESO DPR CATG': 'CALIB', 'ESO DPR TYPE': 'FLAT,SKY', 'ESO DPR TECH': 'IMAGE' }))).toBe('FLAT_SKY')
    expect(classifyType(fors2, h({ 'ESO DPR CATG': 'ACQUISITION', 'ESO DPR TYPE': 'OBJECT', 'ESO DPR TECH': 'IMAGE' }))).toBe('')
  })

  it('reads setup keys, mode, OB and a master product as a calibration of its type; errors name the keyword', () => {
    const f = frameFromHeader('FORS2', fors2, h({ 'MJD-OBS': 60370.5, 'ESO DPR CATG': 'SCIENCE', 'ESO DPR TYPE': 'OBJECT', 'ESO DPR TECH': 'IMAGE', 'ESO OBS MODE': 'VISITOR',
      'ESO OBS ID': 200345, 'ESO DET READ CLOCK': '200Kps', 'ESO DET WIN1 BINX': 2, 'ESO INS FILT1 NAME': 'z_SPECIAL' }), 'a.fits')
    expect(f).toMatchObject({ file: 'a.fits', dataType: 'SCI_IMG', science: true, source: 'raw', mode: 'VM', obId: 200345 })
    expect(f.keys).toMatchObject({ readmode: '200Kps', binx: '2', filter: 'z_SPECIAL', grism: '' })
    const m = frameFromHeader('FORS2', fors2, h({ 'MJD-OBS': 60370.5, ARCFILE: 'M.fits', 'ESO PRO CATG': 'MASTER_BIAS' }), 'x')
    expect(m).toMatchObject({ file: 'M.fits', dataType: 'BIAS', source: 'product', science: false })
    expect(() => frameFromHeader('FORS2', fors2, h({ 'ESO DPR CATG': 'CALIB' }), 'x')).toThrow(new FrameError('MJD-OBS', 'MJD-OBS is missing or not a number'))
    expect(() => frameFromHeader('FORS2', fors2, h({ 'MJD-OBS': 1, 'ESO PRO CATG': 'REDUCED_IMG' }), 'x')).toThrow(/REDUCED_IMG is not a calibration product/)
  })

  it('labels setups, with * for keys a calibration need not match', () => {
    const keys = { readmode: '200Kps', gain: 'low', coll: 'SR', filter: 'z_SPECIAL', binx: '2', biny: '2' }
    expect(setupLabel(fors2.label, keys)).toBe('200Kps/low_SR_z_SPECIAL_2x2')
    expect(setupLabel(fors2.label, keys, ['readmode', 'gain', 'binx', 'biny'])).toBe('200Kps/low_*_*_2x2')
  })

  it('flattens needs: a number n is the window [-n, n], the extended window defaults to the plan window', () => {
    const needs = flattenNeeds(fors2)
    expect(needs[0]).toEqual({ type: 'SCI_IMG', cal: 'BIAS', match: ['readmode', 'gain', 'binx', 'biny'], lo: -1, hi: 1, elo: -3, ehi: 3, frames: 5 })
    expect(needs.find((n) => n.cal === 'ARC_MXU')).toMatchObject({ lo: -1, hi: 0.5, elo: -2, ehi: 1, frames: 1 })
  })
})

describe('association rules in qc-params', () => {
  const base = `instrument: T
instrume: [T]
setup: { keys: [], label: x }
reports: [{ name: BIAS, pro_catg: [MASTER_BIAS], params: [{ name: ron, keyword: ESO QC RON, class: HC }] }]
calchecker:
  keys: { binx: ESO DET WIN1 BINX }
  label: "{binx}"
  classify: [{ type: SCI, catg: SCIENCE }, { type: BIAS, catg: CALIB, dpr_type: BIAS }]
`
  it('name the file and path of a wrong reference or window', () => {
    expect(() => parseCatalogue('t.yaml', `${base}  needs: { SCI: [{ cal: FLAT, window: 1 }] }`)).toThrow('t.yaml: calchecker.needs.SCI.0.cal: "FLAT" is not a data type of calchecker.classify or .products')
    expect(() => parseCatalogue('t.yaml', `${base}  needs: { SCI: [{ cal: BIAS, match: [filter], window: 1 }] }`)).toThrow('t.yaml: calchecker.needs.SCI.0.match: "filter" is not a key of calchecker.keys')
    expect(() => parseCatalogue('t.yaml', `${base}  needs: { SCI: [{ cal: BIAS, window: [0.5, 1] }] }`)).toThrow(/t\.yaml: calchecker\.needs\.SCI\.0\.window: .*must contain 0/)
    expect(parseCatalogue('t.yaml', `${base}  needs: { SCI: [{ cal: BIAS, window: 1 }] }`).calchecker!.needs.SCI[0].window).toEqual([-1, 1])
  })
})

describe('daytime state of a night\'s calibrations', () => {
  const a = { night: '2024-03-01', sciEnd: 60371.3, calLast: 0, lastTypeMjd: 0 }
  it('is pending until a calibration arrives after the science, ongoing then, finished at the hour or with the last type', () => {
    const at = (iso: string) => Date.parse(iso)
    expect(daytimeState('2024-03-01', a, at('2024-03-02T09:00Z'), 20)).toBe('pending')
    expect(daytimeState('2024-03-01', { ...a, calLast: 60371.42 }, at('2024-03-02T11:00Z'), 20)).toBe('ongoing')
    expect(daytimeState('2024-03-01', { ...a, calLast: 60371.42, lastTypeMjd: 60371.6 }, at('2024-03-02T15:00Z'), 20)).toBe('finished')
    expect(daytimeState('2024-03-01', undefined, at('2024-03-02T20:00Z'), 20)).toBe('finished')
  })
})
