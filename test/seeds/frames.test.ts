import { describe, expect, it } from 'vitest'
import { calcheckerReport } from '../../server/calchecker/calchecker.ts'
import { loadCatalogues } from '../../server/catalogue/load-catalogues.ts'
import { buildServices } from '../../server/services.ts'
import { loadDemoFrames } from '../../seeds/load-demo.ts'
import { openTestStore } from '../helpers/test-store.ts'

describe('demo raw frames (calChecker)', () => {
  it('give a calChecker page with OK, NOK and MISS, an action and a critical case, at any time of day', async () => {
    const store = await openTestStore()
    const cats = loadCatalogues('qc-params')
    const fors2 = cats.find((c) => c.instrument === 'FORS2')!
    // Two "now"s: during the day's calibrations and late in the evening.
    for (const [i, now] of [Date.UTC(2026, 10, 24, 12, 30), Date.UTC(2026, 10, 28, 22, 15)].entries()) {
      const s = await buildServices(i === 0 ? store : await openTestStore(), cats, { clock: () => now })
      expect(await loadDemoFrames(s.store, s.compiled(), s.nights, now)).toBeGreaterThan(400)
      const r = await calcheckerReport(s.store, fors2, s.nights, now)
      const cells = r.rows.flatMap((row) => Object.values(row.cells).map((c) => c.status))
      expect(new Set(cells)).toEqual(new Set(['OK', 'NOK', 'MISS']))
      expect(r.actions.some((a) => a.cal === 'ARC_MXU' && a.status === 'MISS' && a.final)).toBe(true)
      expect(r.rows.find((row) => row.type === 'SCI_IMG' && row.setup.includes('R_SPECIAL'))!.status).toBe('NOK')
    }
  })
})
