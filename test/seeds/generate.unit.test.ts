import { describe, expect, it } from 'vitest'
import { validateRows } from '../../server/ingest/validate-rows.ts'
import { generateHistory } from '../../seeds/generate.ts'
import { MODELS } from '../../seeds/models.ts'

const END = Date.UTC(2026, 10, 24, 12)
const all = (days: number) => [...generateHistory({ endMs: END, days })].flat()

describe('demo history', () => {
  it('is deterministic for the same end time', () => {
    expect(all(20)).toEqual(all(20))
  })
  it('covers every demo instrument, ends at the last morning, and passes API validation', () => {
    const rows = all(60)
    expect(new Set(rows.map((r) => r.instrument))).toEqual(new Set(MODELS.map((m) => m.instrument)))
    const last = Math.max(...rows.map((r) => Date.parse(r.ts as string)))
    expect(new Date(last).toISOString().slice(0, 13)).toBe('2026-11-24T10')
    expect(validateRows(rows, END).problemCount).toBe(0)
  })
  it('has gaps: not every night has every instrument', () => {
    const nights = new Set(all(200).filter((r) => r.instrument === 'UVES').map((r) => (r.ts as string).slice(0, 10)))
    expect(nights.size).toBeLessThan(200)
    expect(nights.size).toBeGreaterThan(150)
  })
})
