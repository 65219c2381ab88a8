import { describe, expect, it } from 'vitest'
import { parseCard } from '../../../server/fits/card.ts'
import { HeaderBuilder, dataUnitBytes } from '../../../server/fits/header.ts'
import { formatHeader } from '../../../server/fits/format-header.ts'

const pad = (s: string) => s.padEnd(80, ' ')

describe('parseCard', () => {
  it('reads HIERARCH keywords with their value and comment', () => {
    expect(parseCard(pad('HIERARCH ESO QC OUT1 RON MASTER = 1.062 / Read noise frame in ADU'))).toMatchObject({
      key: 'ESO QC OUT1 RON MASTER', value: 1.062, comment: 'Read noise frame in ADU',
    })
    expect(parseCard(pad('HIERARCH ESO QC PARTICLE_RATE = 27.8 / [N/(detector*sec)] Particle rate'))).toMatchObject({ value: 27.8, comment: '[N/(detector*sec)] Particle rate' })
  })
  it('reads fixed-format values: strings with quotes, logicals, integers, reals with D exponents', () => {
    expect(parseCard(pad("OBSERVER= 'O''Brien  '           / who"))).toMatchObject({ key: 'OBSERVER', value: "O'Brien", comment: 'who' })
    expect(parseCard(pad('SIMPLE  =                    T'))).toMatchObject({ value: true })
    expect(parseCard(pad('EXTEND  =                    F'))).toMatchObject({ value: false })
    expect(parseCard(pad('NAXIS1  =                 2048'))).toMatchObject({ value: 2048 })
    expect(parseCard(pad('CRVAL1  =        1.234567D+03'))).toMatchObject({ value: 1234.567 })
    expect(parseCard(pad('BADFRAC =   0. / Hot pixel fraction'))).toMatchObject({ value: 0 })
    expect(parseCard(pad("HIERARCH ESO QC DID = 'UVES-1.14' / ESO QC DID"))).toMatchObject({ value: 'UVES-1.14' })
  })
  it('keeps integers beyond 2^53 exact as bigint', () => {
    expect(parseCard(pad('HIERARCH ESO DET EXP ID = 123456789012345678901'))?.value).toBe(123456789012345678901n)
    expect(parseCard(pad('BIG     = -9007199254740993'))?.value).toBe(-9007199254740993n)
  })
  it('gives null for a keyword without a value, and skips commentary cards', () => {
    expect(parseCard(pad('UNDEF   =                      / nothing'))).toMatchObject({ value: null, comment: 'nothing' })
    expect(parseCard(pad('COMMENT this is = not a value'))).toBeNull()
    expect(parseCard(pad('HISTORY x'))).toBeNull()
    expect(parseCard(pad(''))).toBeNull()
  })
  it('refuses an unterminated string', () => {
    expect(() => parseCard(pad("OBJECT  = 'abc"))).toThrow(/unterminated string/)
  })
})

describe('HeaderBuilder', () => {
  it('joins CONTINUE long strings (FITS 4.0 §4.2.1.2)', () => {
    const block = formatHeader([
      'SIMPLE  =                    T',
      "HIERARCH ESO PRO REC1 PARAM1 VALUE = 'first part &'",
      "CONTINUE  'second part &'",
      "CONTINUE  'end' / a comment",
      "LONGSTRN= 'OGIP 1.0'",
    ])
    const h = new HeaderBuilder(0)
    expect(h.push(block)).toBe(true)
    const header = h.finish()
    expect(header.cards.find((c) => c.key === 'ESO PRO REC1 PARAM1 VALUE')?.value).toBe('first part second part end')
    expect(header.cards.map((c) => c.key)).toEqual(['SIMPLE', 'ESO PRO REC1 PARAM1 VALUE', 'LONGSTRN'])
  })
  it('computes the padded data size, including binary tables with a heap', () => {
    const get = (pairs: [string, number][]) => pairs.map(([key, value]) => ({ key, value, comment: '', raw: '' }))
    expect(dataUnitBytes(get([['BITPIX', -32], ['NAXIS', 2], ['NAXIS1', 160], ['NAXIS2', 160]]))).toBe(2880 * 36)
    expect(dataUnitBytes(get([['BITPIX', 8], ['NAXIS', 2], ['NAXIS1', 10], ['NAXIS2', 3], ['PCOUNT', 100], ['GCOUNT', 1]]))).toBe(2880)
    expect(dataUnitBytes(get([['BITPIX', 16], ['NAXIS', 0]]))).toBe(0)
  })
  it('refuses a header that does not start with SIMPLE', () => {
    const h = new HeaderBuilder(0)
    h.push(formatHeader(["OBJECT  = 'x'"]))
    expect(() => h.finish()).toThrow(/not a FITS file/)
  })
})
