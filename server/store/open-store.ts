import { join } from 'node:path'
import type { Config } from '../config.ts'
import { openStoreClient, type StoreClient } from './client.ts'
import { migrate } from './migrations.ts'

/**
 * Opens the configured backend (a ClickHouse server when configured, else the
 * embedded store under the data directory) and applies migrations.
 *
 * @example
 * const store = await openStore(readConfig(process.env))
 */
export async function openStore(cfg: Pick<Config, 'clickhouse' | 'dataDir' | 'database'>): Promise<StoreClient> {
  const store = cfg.clickhouse
    ? openStoreClient(cfg.clickhouse)
    : openStoreClient({ database: cfg.database, path: join(cfg.dataDir, 'store') })
  await migrate(store)
  return store
}

/** True when the store holds no value yet (first start). */
export async function storeIsEmpty(store: StoreClient): Promise<boolean> {
  const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.qc_values`, format: 'JSONEachRow' })
  const [{ n }] = await rs.json<{ n: string }>()
  return Number(n) === 0
}
