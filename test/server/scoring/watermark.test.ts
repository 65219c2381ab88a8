import { describe, expect, it } from 'vitest'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { buildServices } from '../../../server/services.ts'
import { WatermarkScoring } from '../../../server/scoring/watermark.ts'
import { readSeries } from '../../../server/store/series-read.ts'
import { openTestStore } from '../../helpers/test-store.ts'

describe('a worker scores what other processes wrote (watermark on the write log)', () => {
  it('values written by an api process (no in-process scoring) are scored by the worker within seconds', async () => {
    const store = await openTestStore()
    const cats = loadCatalogues('qc-params')
    const api = await buildServices(store, cats, { autoScore: false, shared: true }) // as QCLOOP_ROLE=api: writes, never scores
    const worker = await buildServices(store, cats, { autoScore: false, shared: true }) // as QCLOOP_ROLE=worker: finds writes itself
    const w = new WatermarkScoring(store, worker.scoring, Date.now, { lagMs: 1000, everyMs: 100 })
    w.start()
    const t0 = Date.UTC(2024, 0, 1, 10)
    const rows = Array.from({ length: 30 }, (_, d) => ({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', tsMs: t0 + d * 86_400_000, value: 1 + d / 100, product: `P${d}.fits`, status: 2 as const }))
    await api.writer.write(rows)
    const scored = async () => {
      await worker.scoring.idle()
      const [s] = await readSeries(store, { instrument: 'UVES', param: 'ron_master', setups: [], maxPoints: 100 })
      return s?.scores.filter((x) => x.cause !== 'pending').length ?? 0
    }
    await expect.poll(scored, { timeout: 10_000, interval: 200 }).toBe(30)
    w.stop()
    // Nothing new: a poll queues nothing.
    expect(await w.tick()).toBe(0)
    await api.close(); await worker.close()
  })
})
