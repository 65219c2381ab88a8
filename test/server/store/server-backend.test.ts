import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { createApp } from '../../../server/app.ts'
import { buildServices } from '../../../server/services.ts'
import { openStoreClient, storeVersion, type StoreClient } from '../../../server/store/client.ts'
import { migrate } from '../../../server/store/migrations.ts'
import { startClickHouseStandIn } from '../../helpers/clickhouse-standin.ts'

const TOKEN = 'server-backend-token'

/** The server backend (CLICKHOUSE_URL): the official client's HTTP path against the test stand-in. */
describe('qcloop on a ClickHouse server (HTTP, through the test stand-in)', () => {
  let ch: Awaited<ReturnType<typeof startClickHouseStandIn>>, store: StoreClient
  beforeAll(async () => {
    ch = await startClickHouseStandIn()
    store = openStoreClient({ url: ch.url, database: 'qcloop_http' })
    await migrate(store)
  }, 60_000)
  afterAll(async () => { await store?.close(); await ch?.close() })

  it('migrates, ingests, scores and reads back exactly, hostile text included, with the same settings as the embedded store', async () => {
    expect(store.backend).toBe('server')
    expect(await storeVersion(store)).toMatch(/^\d+\.\d+/)
    const s = await buildServices(store, loadCatalogues('qc-params'))
    const app = createApp(s, { token: TOKEN, maxBodyBytes: 1 << 20 })
    const setup = `BLUE, it's "quoted" \\ and ' twice`
    const rows = Array.from({ length: 40 }, (_, d) => ({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup, ts: new Date(Date.UTC(2024, 0, 1 + d, 10)).toISOString(), value: 1 + d / 1000, product: `P${d}.fits` }))
    const post = (data: unknown) => app.request('/api/v1/measurements', { method: 'POST', body: JSON.stringify(data), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
    expect(await (await post(rows)).json()).toMatchObject({ accepted: 40, duplicates: 0 })
    expect(await (await post(rows)).json()).toMatchObject({ accepted: 0, duplicates: 40 })
    // A different value under an existing key is refused, never an overwrite.
    const conflict = await post([{ ...rows[3], value: 9 }])
    expect(conflict.status).toBe(409)
    await s.scoring.idle()
    const series = await (await app.request(`/api/v1/series?instrument=UVES&param=ron_master&setup=${encodeURIComponent(setup)}`)).json()
    expect(series.series[0].setup).toBe(setup)
    expect(series.series[0].value).toEqual(rows.map((r) => r.value))
    expect(series.series[0].score.at(-1)).toMatch(/green|yellow|red/)
    // 64-bit integers come quoted, as CLIENT_SETTINGS asks on both backends.
    const rs = await store.client.query({ query: 'SELECT toUInt64(18446744073709551615) AS n', format: 'JSONEachRow' })
    expect(await rs.json()).toEqual([{ n: '18446744073709551615' }])
    await s.close()
  })

  it('maps the engine\'s errors through the client\'s parser (code and type)', async () => {
    const e = await store.client.query({ query: `SELECT * FROM ${store.database}.no_such_table`, format: 'JSONEachRow' }).catch((x) => x)
    expect(e).toMatchObject({ type: 'UNKNOWN_TABLE' })
    expect(String(e.message)).toMatch(/no_such_table/)
  })
})
