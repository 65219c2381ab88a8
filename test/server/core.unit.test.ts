import { describe, expect, it } from 'vitest'
import { judge } from '../../server/store/judge-batch.ts'
import { compileKeyword } from '../../server/catalogue/keyword-pattern.ts'
import { reasonText } from '../../server/scoring/reason.ts'
import { OPEN } from '../../server/store/score-sql.ts'
import { instrumentLight, DEFAULT_MONITOR } from '../../server/health/roll-up.ts'
import type { ValidityLine } from '../../server/validity/validity-status.ts'

describe('the pure core', () => {
  it('judge: only final over preliminary changes a stored value; any other difference is a conflict', () => {
    expect(judge({ value: 1, status: 2 }, { value: 1, status: 2 })).toBe('duplicate')
    expect(judge({ value: 2, status: 2 }, { value: 1, status: 1 })).toBe('replace')
    expect(judge({ value: 2, status: 1 }, { value: 1, status: 2 })).toBe('superseded')
    expect(judge({ value: 1, status: 1 }, { value: 1, status: 2 })).toBe('duplicate')
    expect(judge({ value: 2, status: 2 }, { value: 1, status: 2 })).toBe('conflict')
    expect(judge({ value: 2, status: 1 }, { value: 1, status: 1 })).toBe('conflict')
  })

  it('compileKeyword: placeholders become the setup parts they name, digits unless told otherwise', () => {
    const p = compileKeyword('ESO QC OUT{port} RON MASTER')
    expect(p.names).toEqual(['port'])
    expect(p.match('ESO QC OUT4 RON MASTER')).toEqual({ port: '4' })
    expect(p.match('ESO QC OUTX RON MASTER')).toBeNull()
    expect(p.match('ESO QC OUT4 RON MASTER2')).toBeNull()
    expect(compileKeyword('ESO QC RON CHIP{chip:[A-Z]\\d}').match('ESO QC RON CHIPB2')).toEqual({ chip: 'B2' })
    // Regex characters of the keyword itself are literal.
    expect(compileKeyword('ESO QC A.B').match('ESO QC AxB')).toBeNull()
  })

  it('reasonText: says what was compared with what, in the unit; open edges read as ∞', () => {
    expect(reasonText({ value: 3.5, cause: 'crit_high', critHi: 3, ruleId: 'ron:*', ruleVersion: 2, unit: 'ADU' })).toBe('value 3.5 ADU above the critical limit 3 ADU (rule ron:*, version 2)')
    expect(reasonText({ value: 0.9, cause: 'warn_low', warnLo: 1, unit: '' })).toBe('value 0.9 below the warning limit 1')
    expect(reasonText({ value: 5, cause: 'crit_high', critHi: OPEN })).toMatch(/critical limit ∞/)
  })

  it('instrumentLight: expired calibrations and stale data weigh as the policy says, with their causes', () => {
    const line = (status: ValidityLine['status'], overdue: number | null): ValidityLine => ({ report: 'FLAT', setup: 'S', nights: 7, status, severity: 'red', ageNights: 9, ageDays: 9, last: null, validUntilNight: null, overdueNights: overdue, newerRejected: false })
    const now = Date.UTC(2024, 0, 10)
    expect(instrumentLight('green', [line('expired', 2)], now - 3_600_000, now, DEFAULT_MONITOR)).toEqual({ score: 'red', causeScore: 'red', causes: ['FLAT expired for 1 setup (2 nights overdue)'] })
    expect(instrumentLight('green', [], now - 41 * 3_600_000, now, DEFAULT_MONITOR)).toMatchObject({ score: 'red', causes: ['no new values for 41 h'] })
    expect(instrumentLight('green', [line('expired', 2)], now, now, { ...DEFAULT_MONITOR, expired: 'yellow' })).toMatchObject({ score: 'yellow' })
    expect(instrumentLight('green', [line('expired', 2)], now, now, { ...DEFAULT_MONITOR, expired: 'ignore' })).toEqual({ score: 'green', causeScore: 'grey', causes: [] })
    expect(instrumentLight('red', [line('valid', null)], now, now, DEFAULT_MONITOR).score).toBe('red')
  })
})
