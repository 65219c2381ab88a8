import { describe, expect, it } from 'vitest'
import { NightClock } from '../../../server/time/night.ts'
import { validityLine } from '../../../server/validity/validity-status.ts'

const clock = new NightClock(21)
const at = (iso: string) => Date.parse(iso)

describe('observatory nights', () => {
  it('changes date at 21:00 UT: a morning calibration belongs to the night before', () => {
    expect(clock.nightOf(at('2024-03-02T10:05:00Z'))).toBe('2024-03-01')
    expect(clock.nightOf(at('2024-03-02T20:59:59Z'))).toBe('2024-03-01')
    expect(clock.nightOf(at('2024-03-02T21:00:00Z'))).toBe('2024-03-02')
    expect(new NightClock(12).nightOf(at('2024-03-02T13:00:00Z'))).toBe('2024-03-02')
  })
})

describe('validityLine', () => {
  const bias = (ts: string, now: string) => validityLine('BIAS', 1, { setup: 'BLUE', goodTs: at(ts), goodProduct: 'b.fits', anyTs: at(ts) }, at(now), clock)

  it('a 1-night bias of this morning is valid through the day, a reminder from 21:00 UT, expired the next evening', () => {
    expect(bias('2024-03-02T10:05:00Z', '2024-03-02T15:00:00Z')).toMatchObject({ status: 'valid', severity: 'green', ageNights: 0, validUntilNight: '2024-03-02' })
    expect(bias('2024-03-02T10:05:00Z', '2024-03-02T21:30:00Z')).toMatchObject({ status: 'reminder', severity: 'yellow', ageNights: 1 })
    expect(bias('2024-03-02T10:05:00Z', '2024-03-03T20:00:00Z')).toMatchObject({ status: 'reminder', ageNights: 1 })
    expect(bias('2024-03-02T10:05:00Z', '2024-03-03T21:00:00Z')).toMatchObject({ status: 'expired', severity: 'red', ageNights: 2, overdueNights: 1 })
  })

  it('reminder (yellow) in the last 30 % of the validity; expired is red from the first night overdue', () => {
    const flat = (now: string) => validityLine('FLAT', 10, { setup: 'S', goodTs: at('2024-03-02T10:00:00Z'), anyTs: at('2024-03-02T10:00:00Z') }, at(now), clock)
    expect(flat('2024-03-08T12:00:00Z')).toMatchObject({ status: 'valid', ageNights: 6 })
    expect(flat('2024-03-09T12:00:00Z')).toMatchObject({ status: 'valid', ageNights: 7 })
    expect(flat('2024-03-10T12:00:00Z')).toMatchObject({ status: 'reminder', severity: 'yellow', ageNights: 8 })
    expect(flat('2024-03-12T12:00:00Z')).toMatchObject({ status: 'reminder', ageNights: 10 })
    expect(flat('2024-03-13T12:00:00Z')).toMatchObject({ status: 'expired', severity: 'red', overdueNights: 1 })
    expect(flat('2024-03-15T12:00:00Z')).toMatchObject({ status: 'expired', severity: 'red', overdueNights: 3 })
    expect(flat('2024-03-16T12:00:00Z')).toMatchObject({ status: 'expired', severity: 'red', overdueNights: 4 })
  })

  it('never taken is red; a newer but rejected (red) calibration is said so', () => {
    expect(validityLine('DARK', 30, { setup: 'S' }, at('2024-03-02T12:00:00Z'), clock)).toMatchObject({ status: 'never', severity: 'red', last: null })
    expect(validityLine('DARK', 30, { setup: 'S', goodTs: at('2024-02-01T10:00:00Z'), anyTs: at('2024-03-01T10:00:00Z') }, at('2024-03-02T12:00:00Z'), clock))
      .toMatchObject({ status: 'reminder', newerRejected: true })
  })
})
