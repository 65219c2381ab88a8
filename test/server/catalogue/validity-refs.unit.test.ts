import { describe, expect, it } from 'vitest'
import { testCatalogue } from '../../helpers/test-catalogue.ts'

const PARAMS = { BIAS: ['{ name: ron, keyword: ESO QC RON, unit: ADU, class: CAL }'], FLAT: ['{ name: flux, keyword: ESO QC FLUX, unit: ADU, class: CAL }'] }

describe('validity entries name reports of their catalogue', () => {
  it('accepts an inhibition of a report it holds', () => {
    const c = testCatalogue(PARAMS, ['{ param: ron, type: fixed, critical: [0, 10] }'], 'validity:\n  - { report: BIAS, nights: 1, inhibits: [FLAT] }\n')
    expect(c.validity[0].inhibits).toEqual(['FLAT'])
  })
  it('refuses an unknown report, naming the file and the path', () => {
    expect(() => testCatalogue(PARAMS, ['{ param: ron, type: fixed, critical: [0, 10] }'], 'validity:\n  - { report: BIAS, nights: 1, inhibits: [FLAT, WAVE] }\n'))
      .toThrow('test.yaml: validity.0.inhibits.1: "WAVE" is not a report of this catalogue')
    expect(() => testCatalogue(PARAMS, ['{ param: ron, type: fixed, critical: [0, 10] }'], 'validity:\n  - { report: DARK, nights: 1 }\n')).toThrow('test.yaml: validity.0.report: "DARK" is not a report of this catalogue')
  })
})
