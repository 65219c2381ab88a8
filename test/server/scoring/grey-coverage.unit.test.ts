import { describe, expect, it } from 'vitest'
import { Rule } from '../../../server/scoring/rule-schema.ts'
import type { RuleVersion } from '../../../server/scoring/rule-versions.ts'
import { coversEverySetup } from '../../../server/scoring/scorer.ts'

const v = (setup: string, fromMs: number, untilMs: number): RuleVersion => ({
  id: `ron:${setup}`, version: 1, instrument: 'X', fromMs, untilMs,
  rule: Rule.parse({ param: 'ron', type: 'fixed', setup, warning: [1, 2] }),
})

describe('whether a pass needs the grey remainder (coversEverySetup)', () => {
  it('is covered by one rule for every setup over all time, or by versions that follow each other', () => {
    expect(coversEverySetup([v('*', 0, Infinity)], 100, 200)).toBe(true)
    expect(coversEverySetup([v('*', 150, Infinity), v('*', 0, 150)], 100, 200)).toBe(true)
  })

  it('is not covered by rules for some setups only, by a gap, or by nothing', () => {
    expect(coversEverySetup([v('BLUE*', 0, Infinity)], 100, 200)).toBe(false)
    expect(coversEverySetup([v('*', 0, 140), v('*', 150, Infinity)], 100, 200)).toBe(false)
    expect(coversEverySetup([v('*', 120, Infinity)], 100, 200)).toBe(false)
    expect(coversEverySetup([], 100, 200)).toBe(false)
  })
})
