import { describe, expect, it } from 'vitest'
import { mjdToMs, msToMjd, msToSqlTime } from '../../../server/time/mjd.ts'
import { parseTime } from '../../../server/time/parse-time.ts'

describe('parseTime', () => {
  it('reads ISO 8601 as UTC when no zone is given', () => {
    expect(parseTime('2024-03-01T10:05:00.000')).toEqual({ ms: Date.UTC(2024, 2, 1, 10, 5) })
    expect(parseTime('2024-03-01T10:05:00Z')).toEqual({ ms: Date.UTC(2024, 2, 1, 10, 5) })
    expect(parseTime('2024-03-01')).toEqual({ ms: Date.UTC(2024, 2, 1) })
  })
  it('applies an explicit zone offset', () => {
    expect(parseTime('2024-03-01T07:05:00-03:00')).toEqual({ ms: Date.UTC(2024, 2, 1, 10, 5) })
  })
  it('keeps milliseconds', () => {
    expect(parseTime('2024-03-01T10:05:45.007Z')).toEqual({ ms: Date.UTC(2024, 2, 1, 10, 5, 45, 7) })
  })
  it('reads numbers as MJD', () => {
    expect(parseTime(60370.4201388889)).toEqual({ ms: Date.UTC(2024, 2, 1, 10, 5) })
  })
  it('refuses nonsense with a reason', () => {
    expect(parseTime('yesterday')).toHaveProperty('error')
    expect(parseTime('2024-02-30T00:00:00')).toHaveProperty('error')
    expect(parseTime(1709287500000)).toMatchObject({ error: expect.stringMatching(/not a plausible MJD/) })
    expect(parseTime(true)).toHaveProperty('error')
  })
})

describe('MJD conversions', () => {
  it('round-trips at millisecond precision', () => {
    const ms = Date.UTC(2024, 2, 1, 10, 5, 45, 7)
    expect(mjdToMs(msToMjd(ms))).toBe(ms)
    expect(msToMjd(0)).toBe(40587)
  })
  it('formats the store text form', () => {
    expect(msToSqlTime(Date.UTC(2024, 2, 1, 10, 5, 45, 7))).toBe('2024-03-01 10:05:45.007')
  })
})
