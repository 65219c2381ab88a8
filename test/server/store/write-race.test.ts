import { describe, expect, it } from 'vitest'
import { ValuesWriter } from '../../../server/store/values-writer.ts'
import { DomainError } from '../../../server/domain-errors.ts'
import type { ValueRow } from '../../../server/ingest/measurement.ts'
import { countRows, openTestStore } from '../../helpers/test-store.ts'

/**
 * Two writers in shared mode (as two api processes) on one store, started at the same moment so
 * both judge before either has inserted: the race is settled through the store, not in-process.
 */
const rows = (n: number, value: (d: number) => number, tag: string): ValueRow[] => Array.from({ length: n }, (_, d) => ({
  instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', tsMs: Date.UTC(2024, 0, 1) + d * 86_400_000, value: value(d), product: `${tag}${d}.fits`, status: 2 as const,
}))

describe('write races between processes sharing a store', () => {
  it('the same batch sent through two processes at once is stored once: one accepts, the other counts duplicates', async () => {
    const store = await openTestStore()
    const a = new ValuesWriter(store, Date.now, { shared: true }), b = new ValuesWriter(store, Date.now, { shared: true })
    for (let round = 0; round < 5; round++) {
      const batch = rows(50, (d) => d + round / 10, `R${round}-`)
      const [ra, rb] = await Promise.all([a.write(batch), b.write(batch)])
      expect(ra.accepted + rb.accepted, `round ${round}`).toBe(50)
      expect(ra.duplicates + rb.duplicates, `round ${round}`).toBe(50)
    }
    expect(await countRows(store)).toBe(250)
  })

  it('different values under the same keys at once: exactly one batch stands, the other gets a conflict and left nothing', async () => {
    const store = await openTestStore()
    const a = new ValuesWriter(store, Date.now, { shared: true }), b = new ValuesWriter(store, Date.now, { shared: true })
    for (let round = 0; round < 5; round++) {
      const [ra, rb] = await Promise.allSettled([a.write(rows(40, (d) => d, `C${round}-`)), b.write(rows(40, (d) => d + 1000, `C${round}-`))])
      const ok = [ra, rb].filter((r) => r.status === 'fulfilled')
      const refused = [ra, rb].filter((r) => r.status === 'rejected')
      expect(ok, `round ${round}`).toHaveLength(1)
      expect(refused[0].reason).toBeInstanceOf(DomainError)
      expect((refused[0].reason as DomainError).code).toBe('conflicting_values')
      const rs = await store.client.query({ query: `SELECT DISTINCT value - toFloat64(extract(product, '-(\\\\d+)\\\\.fits')) AS offset FROM ${store.database}.qc_values FINAL WHERE startsWith(product, {p:String})`, query_params: { p: `C${round}-` }, format: 'JSONEachRow' })
      // Every stored row is the winner's: offsets all 0 (batch a) or all 1000 (batch b), never mixed.
      const offsets = (await rs.json<{ offset: number }>()).map((r) => r.offset)
      expect(offsets).toEqual([ra.status === 'fulfilled' ? 0 : 1000])
    }
    expect(await countRows(store)).toBe(200)
  })

  it('a key written alone by one process, then sent with another value by the other, is refused as before (no race)', async () => {
    const store = await openTestStore()
    const a = new ValuesWriter(store, Date.now, { shared: true }), b = new ValuesWriter(store, Date.now, { shared: true })
    await a.write(rows(3, (d) => d, 'S'))
    await expect(b.write(rows(3, (d) => d + 1, 'S'))).rejects.toMatchObject({ code: 'conflicting_values' })
    expect(await b.write(rows(3, (d) => d, 'S'))).toMatchObject({ accepted: 0, duplicates: 3 })
    expect(await countRows(store)).toBe(3)
  })
})
