import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../helpers/server-process.ts'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { checkAndRepair } from '../../../server/scoring/check-and-repair.ts'
import { buildServices } from '../../../server/services.ts'
import { openTestStore } from '../../helpers/test-store.ts'

const T0 = Date.UTC(2024, 0, 1, 10), DAY = 86_400_000
const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', tsMs: T0 + (i + from) * DAY, value: 1 + (i % 5) / 100, product: `U${i + from}.fits`, status: 2 as const }))

describe('qcloop check: derived data against the values', () => {
  it('a consistent store has no finding', async () => {
    const s = await buildServices(await openTestStore(), loadCatalogues('qc-params'))
    await s.writer.write(rows(20)); await s.scoring.idle()
    expect((await checkAndRepair(s, false)).before).toEqual([])
    await s.close()
  })

  it('finds unscored values, orphan scores, a stale health state and marks on gone values; --repair fixes the derived ones and keeps the marks', async () => {
    const s = await buildServices(await openTestStore(), loadCatalogues('qc-params'))
    await s.writer.write(rows(20)); await s.scoring.idle()
    const db = s.store.database, q = (sql: string) => s.store.client.command({ query: sql })
    // Values loaded with scoring off; a score whose value is gone; the health state lost; a mark on a value that is gone.
    s.setAutoScore(false)
    await s.writer.write(rows(3, 20))
    // (The WHERE is in a subquery: REPLACE's alias would shadow the column in a WHERE beside it.)
    await q(`INSERT INTO ${db}.qc_scores SELECT * REPLACE ('GONE.fits' AS product) FROM (SELECT * FROM ${db}.qc_scores FINAL WHERE product = 'U0.fits')`)
    await q(`TRUNCATE TABLE ${db}.qc_series_state`)
    await q(`INSERT INTO ${db}.qc_flags (instrument, param, setup, ts, product, flag, by, why, at) VALUES ('UVES', 'ron_master', 'BLUE', '2024-01-01 10:00:00', 'GONE.fits', 1, 'qc', 'test', now64(3))`)
    const { before } = await checkAndRepair(s, false)
    const found = Object.fromEntries(before.map((f) => [f.check, f.count]))
    expect(found).toMatchObject({ unscored: 3, orphan_scores: 1, stale_series_state: 1, products_without_rollup: 1, orphan_marks: 1 })
    const { after } = await checkAndRepair(s, true)
    // Only the QC scientist's mark is left: it is theirs to clear.
    expect(after).toEqual([{ check: 'orphan_marks', instrument: 'UVES', count: 1 }])
    await s.close()
  })

  it('the command: refuses a store a running qcloop holds, and finds the demo store consistent once it stopped', async () => {
    const data = mkdtempSync(join(tmpdir(), 'qcloop-check-'))
    const check = () => spawnSync(process.execPath, ['bin/qcloop.js', 'check'], { encoding: 'utf8', env: { ...process.env, QCLOOP_DATA: data, CLICKHOUSE_URL: '' } })
    const srv = await startServer({ QCLOOP_DATA: data, QCLOOP_SEED: '1', QCLOOP_SEED_DAYS: '20', QCLOOP_TOKEN: 'check-token' })
    const busy = check()
    srv.proc.kill('SIGTERM'); await srv.exited
    expect(busy.status).toBe(1)
    expect(busy.stderr).toMatch(/stop the qcloop that uses it first/)
    const r = check()
    expect(r.stdout).toContain('store consistent')
    expect(r.status).toBe(0)
  }, 180_000)
})
