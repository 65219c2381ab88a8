import { describe, expect, it } from 'vitest'
import { calcheckerReport } from '../../server/calchecker/calchecker.ts'
import { loadCatalogues } from '../../server/catalogue/load-catalogues.ts'
import { buildServices } from '../../server/services.ts'
import { loadDemoFrames } from '../../seeds/load-demo.ts'
import { openTestStore } from '../helpers/test-store.ts'

const cats = loadCatalogues('qc-params')
const fors2 = cats.find((c) => c.instrument === 'FORS2')!
const at = (h: number, m: number) => Date.UTC(2026, 10, 24, h, m)

describe('demo raw frames (calChecker)', () => {
  // The demo is generated for "now" and nights turn at 21:00 UT: what the dashboard test expects must hold
  // whatever the hour, so the instants straddle the night's turn, the morning and the day's calibrations.
  it.each([
    ['03:00 UT, in the night', at(3, 0)],
    ['12:00 UT, after the day calibrations', at(12, 0)],
    ['20:59 UT, a minute before the night turns', at(20, 59)],
    ['21:01 UT, a minute after', at(21, 1)],
    ['22:15 UT four nights later', Date.UTC(2026, 10, 28, 22, 15)],
  ])('give OK, NOK and MISS, the forgotten arc as an action for 3 files and a LOST? case, at %s', async (_, now) => {
    const s = await buildServices(await openTestStore(), cats, { clock: () => now })
    expect(await loadDemoFrames(s.store, s.compiled(), s.nights, now)).toBeGreaterThan(400)
    const r = await calcheckerReport(s.store, fors2, s.nights, now)
    const cells = r.rows.flatMap((row) => Object.values(row.cells).map((c) => c.status))
    expect(new Set(cells)).toEqual(new Set(['OK', 'NOK', 'MISS']))
    const arc = r.actions.filter((a) => a.cal === 'ARC_MXU')
    expect(arc).toEqual([expect.objectContaining({ status: 'MISS', final: true, files: 3, forTypes: ['SCI_MXU'] })])
    expect(arc[0].text).toMatch(/GRIS_300V/)
    expect(r.lost).toContainEqual(expect.objectContaining({ type: 'SCI_MXU', missing: ['ARC_MXU'] }))
    expect(r.rows.find((row) => row.type === 'SCI_IMG' && row.setup.includes('R_SPECIAL'))!.status).toBe('NOK')
    await s.close()
  })
})
