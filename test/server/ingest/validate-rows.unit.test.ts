import { describe, expect, it } from 'vitest'
import { parseBody } from '../../../server/ingest/parse-body.ts'
import { validateRows } from '../../../server/ingest/validate-rows.ts'

const now = Date.UTC(2026, 10, 24, 12)
const good = { instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: '2024-03-01T10:05:00Z', value: 1.06, product: 'a.fits' }

describe('validateRows', () => {
  it('accepts a good row and defaults status to final', () => {
    const v = validateRows([good], now)
    expect(v.problemCount).toBe(0)
    expect(v.rows[0]).toMatchObject({ instrument: 'UVES', report: 'BIAS', status: 2, tsMs: Date.UTC(2024, 2, 1, 10, 5), value: 1.06 })
  })
  it.each([
    ['empty names', { ...good, instrument: '  ' }, 'instrument', /empty/],
    ['a string value', { ...good, value: 'NaN' }, 'value', /finite number/],
    ['an unknown field', { ...good, colour: 'red' }, 'colour', /unknown field/],
    ['an unparseable time', { ...good, ts: '01/03/2024' }, 'ts', /ISO 8601/],
    ['a time before 1980', { ...good, ts: '1979-12-31T23:59:59Z' }, 'ts', /before 1980/],
    ['a time more than a day ahead', { ...good, ts: '2026-11-26T00:00:00Z' }, 'ts', /future/],
    ['a bad status', { ...good, status: 'draft' }, 'status', /preliminary/],
    ['a missing product', { ...good, product: undefined }, 'product', /string/],
  ])('refuses %s, naming the field', (_what, row, field, reason) => {
    const v = validateRows([good, row], now)
    expect(v.rows).toHaveLength(1)
    expect(v.problems).toContainEqual({ row: 1, field, reason: expect.stringMatching(reason) })
  })
  it('lists every problem of a row and of the batch, up to 100', () => {
    const v = validateRows([{ ...good, instrument: '', ts: '1970-01-01' }, ...Array.from({ length: 150 }, () => ({ ...good, value: null }))], now)
    expect(v.problems.filter((p) => p.row === 0).map((p) => p.field).sort()).toEqual(['instrument', 'ts'])
    expect(v.problemCount).toBe(152)
    expect(v.problems).toHaveLength(100)
  })
})

describe('parseBody', () => {
  it('splits NDJSON and reports non-JSON lines (NaN) by row', () => {
    const p = parseBody('{"a":1}\n\n{"a": NaN}\n{"a":3}\n', 'application/x-ndjson')
    expect(p.items).toHaveLength(3)
    expect(p.problems).toEqual([{ row: 1, field: '(row)', reason: expect.stringMatching(/NaN and Infinity/) }])
  })
  it('requires a JSON array for application/json', () => {
    expect(() => parseBody('{"a":1}', 'application/json')).toThrow(/array/)
    expect(() => parseBody('[1,', 'application/json')).toThrow(/not valid JSON/)
  })
  it('refuses other media types (415 at the edge)', () => {
    expect(() => parseBody('a,b', 'text/csv')).toThrow(expect.objectContaining({ kind: 'unsupported', code: 'unsupported_media_type' }))
  })
})
