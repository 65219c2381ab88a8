import { describe, expect, it } from 'vitest'
import { createApp } from '../../../server/app.ts'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { rederiveAfterUpgrade } from '../../../server/scoring/rederive.ts'
import { buildServices } from '../../../server/services.ts'
import { migrate } from '../../../server/store/migrations.ts'
import { MIGRATIONS } from '../../../server/store/schema.ts'
import type { ValueRow } from '../../../server/ingest/measurement.ts'
import { openTestStore } from '../../helpers/test-store.ts'

const NOW = Date.UTC(2026, 10, 24, 12), DAY = 86_400_000
/** 60 nights of UVES and FORS2 biases up to yesterday, one of them critical. */
const history = (): ValueRow[] => ['UVES', 'FORS2'].flatMap((instrument) => Array.from({ length: 60 }, (_, d) => ({
  instrument, report: 'BIAS', param: instrument === 'UVES' ? 'ron_master' : 'ron', setup: instrument === 'UVES' ? 'BLUE, 225kHz/1port/low_gain, 1x1, port 1' : 'CHIP1, 100Kps/2ports/high_gain, 2x2',
  tsMs: NOW - (60 - d) * DAY, value: d === 59 ? 9 : 3 + (d % 5) / 100, product: `${instrument}.${d}.fits`, status: 2 as const,
})))

describe('upgrading a store from an old schema', () => {
  it('a store built at migration 2, upgraded, shows the same health and validity as one built fresh', async () => {
    const cats = loadCatalogues('qc-params')
    const read = async (s: Awaited<ReturnType<typeof buildServices>>) => {
      const app = createApp(s, { token: 'x', anonymous: 'all', maxBodyBytes: 1 << 20 })
      return { health: await (await app.request('/api/v1/health')).json(), validity: await (await app.request('/api/v1/validity')).json() }
    }
    // Fresh: every migration, values written and scored as they arrive.
    const fresh = await buildServices(await openTestStore(), cats, { clock: () => NOW })
    await fresh.writer.write(history()); await fresh.scoring.idle()
    // Old: values stored by a qcloop that knew migrations 1–2 only (no scores, no derived tables yet).
    const oldStore = { ...(await openTestStore()), database: `old_${Math.random().toString(36).slice(2, 8)}` }
    await migrate(oldStore, MIGRATIONS.slice(0, 2))
    const cols = ['instrument', 'param', 'setup', 'ts', 'product', 'report', 'value', 'status', 'ingested_at']
    await oldStore.client.insert({ table: `${oldStore.database}.qc_values`, columns: cols as [string, ...string[]], values: history().map((r) => [r.instrument, r.param, r.setup, r.tsMs, r.product, r.report, r.value, r.status, NOW]), format: 'JSONCompactEachRow' })
    const ran = await migrate(oldStore)
    expect(ran[0]).toBe('003_scores')
    const upgraded = await buildServices(oldStore, cats, { clock: () => NOW, autoScore: false })
    expect(await rederiveAfterUpgrade(upgraded, ran)).toBe(2)
    await upgraded.scoring.idle()
    const [a, b] = [await read(fresh), await read(upgraded)]
    expect(b.validity).toEqual(a.validity)
    expect(b.health).toEqual(a.health)
    // And the critical value shows on both.
    expect(JSON.stringify(b.health)).toMatch(/red/)
    // A store created by the opening itself has nothing to re-derive.
    const created = await openTestStore()
    expect(await rederiveAfterUpgrade(await buildServices(created, cats), MIGRATIONS.map((m) => m.name))).toBe(0)
  })
})
