import { beforeEach, describe, expect, it } from 'vitest'
import type { ValueRow } from '../../../server/ingest/measurement.ts'
import type { StoreClient } from '../../../server/store/client.ts'
import { migrate } from '../../../server/store/migrations.ts'
import { MIGRATIONS } from '../../../server/store/schema.ts'
import { ValuesWriter } from '../../../server/store/values-writer.ts'
import { countRows, openTestStore } from '../../helpers/test-store.ts'

const T0 = Date.UTC(2024, 2, 1, 10, 5)
const row = (over: Partial<ValueRow> = {}): ValueRow => ({
  instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', tsMs: T0, value: 1.062, product: 'UVES.2024-03-01T10:05:00.000.fits', status: 2, ...over,
})

async function stored(store: StoreClient) {
  const rs = await store.client.query({
    query: `SELECT param, setup, toUnixTimestamp64Milli(ts) AS t, value, status, product FROM ${store.database}.qc_values FINAL ORDER BY t, param`,
    format: 'JSONEachRow',
  })
  return (await rs.json<{ value: number; status: number; t: string }>()).map((r) => ({ ...r, t: Number(r.t) }))
}

describe('schema migrations', () => {
  it('run once; running again changes nothing', async () => {
    const store = await openTestStore()
    expect(await migrate(store)).toEqual([])
    const rs = await store.client.query({ query: `SELECT name FROM ${store.database}.schema_migrations FINAL ORDER BY version`, format: 'JSONEachRow' })
    expect(await rs.json()).toEqual(MIGRATIONS.map((m) => ({ name: m.name })))
  })
})

describe('ValuesWriter', () => {
  let store: StoreClient
  let writer: ValuesWriter
  beforeEach(async () => {
    store = await openTestStore()
    writer = new ValuesWriter(store, () => Date.UTC(2026, 0, 1))
  })

  it('stores values with millisecond times, product and ingestion time', async () => {
    expect(await writer.write([row(), row({ tsMs: T0 + 7, value: 2 })])).toEqual({ accepted: 2, duplicates: 0, replaced: 0, superseded: 0 })
    const rs = await store.client.query({ query: `SELECT toString(ingested_at) AS i FROM ${store.database}.qc_values LIMIT 1`, format: 'JSONEachRow' })
    expect(await rs.json()).toEqual([{ i: '2026-01-01 00:00:00.000' }])
    expect((await stored(store)).map((r) => r.t)).toEqual([T0, T0 + 7])
  })

  it('is idempotent: re-sending the same values writes nothing', async () => {
    await writer.write([row(), row({ param: 'ron_raw', value: 1.9 })])
    expect(await writer.write([row(), row({ param: 'ron_raw', value: 1.9 })])).toMatchObject({ accepted: 0, duplicates: 2 })
    expect(await countRows(store)).toBe(2)
    const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.qc_values`, format: 'JSONEachRow' })
    expect(Number((await rs.json<{ n: string }>())[0].n)).toBe(2) // not even unmerged copies
  })

  it('collapses duplicates inside one batch', async () => {
    expect(await writer.write([row(), row(), row()])).toMatchObject({ accepted: 1, duplicates: 2 })
  })

  it('lets a final value replace a preliminary one', async () => {
    await writer.write([row({ status: 1, value: 1.1 })])
    expect(await writer.write([row({ status: 2, value: 1.062 })])).toMatchObject({ accepted: 1, replaced: 1 })
    expect(await stored(store)).toMatchObject([{ value: 1.062, status: 2 }])
  })

  it('never lets a preliminary value overwrite a final one', async () => {
    await writer.write([row({ status: 2, value: 1.062 })])
    expect(await writer.write([row({ status: 1, value: 5 })])).toMatchObject({ accepted: 0, superseded: 1 })
    expect(await stored(store)).toMatchObject([{ value: 1.062, status: 2 }])
  })

  it('refuses a different value for the same key and writes nothing of the batch', async () => {
    await writer.write([row()])
    const err = await writer.write([row({ tsMs: T0 + 1000 }), row({ value: 9 })]).catch((e) => e)
    expect(err).toMatchObject({ kind: 'conflict', code: 'conflicting_values', details: [{ row: 1, field: 'value', reason: expect.stringMatching(/1\.062/) }] })
    expect(await countRows(store)).toBe(1)
  })

  it('commits concurrent batches together, refusing only the conflicting one', async () => {
    await writer.write([row()])
    const [a, b, c] = await Promise.allSettled([
      writer.write([row({ tsMs: T0 + 1 })]),
      writer.write([row({ value: 7 })]),
      writer.write([row({ tsMs: T0 + 1 }), row({ tsMs: T0 + 2 })]),
    ])
    expect(a).toMatchObject({ status: 'fulfilled', value: { accepted: 1 } })
    expect(b).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } })
    expect(c).toMatchObject({ status: 'fulfilled', value: { accepted: 1, duplicates: 1 } })
    expect(await countRows(store)).toBe(3)
  })

  it('keeps exact float values', async () => {
    const values = [0.1, 1 / 3, 5.54480409622192, -0.262874444325765, 6.103516e-5, 1e-300, 123456789.12345679]
    await writer.write(values.map((value, i) => row({ tsMs: T0 + i, value })))
    expect((await stored(store)).map((r) => r.value)).toEqual(values)
  })
})

describe('group commit isolates batches', () => {
  it('a batch that fails at insert fails alone: the other batches of its group are written', async () => {
    const store = await openTestStore()
    const w = new ValuesWriter(store)
    // Sent together, so they form one group; one carries a time the engine cannot store.
    const batches = Array.from({ length: 15 }, (_, b) => [row({ product: `P${b}.fits`, tsMs: T0 + b * 60_000 }), row({ param: 'ron_raw', product: `P${b}.fits`, tsMs: T0 + b * 60_000 })])
    const bad = [row({ product: 'BAD.fits', tsMs: Number.NaN })]
    const results = await Promise.allSettled([...batches.slice(0, 7), bad, ...batches.slice(7)].map((rows) => w.write(rows)))
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1)
    expect(results[7].status).toBe('rejected')
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ accepted: number }>).value.accepted)).toEqual(Array(15).fill(2))
    expect(await countRows(store)).toBe(30)
  })
})
