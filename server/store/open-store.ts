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
  return (await openStoreMigrated(cfg)).store
}

/** As openStore, also saying which migrations this opening ran (names, oldest first). */
export async function openStoreMigrated(cfg: Pick<Config, 'clickhouse' | 'dataDir' | 'database'>): Promise<{ store: StoreClient; ran: string[] }> {
  const store = cfg.clickhouse
    ? openStoreClient(cfg.clickhouse)
    : openStoreClient({ database: cfg.database, path: join(cfg.dataDir, 'store') })
  return { store, ran: await migrate(store) }
}

/** The instruments that have values. */
export async function instrumentsWithValues(store: StoreClient): Promise<string[]> {
  const rs = await store.client.query({ query: `SELECT DISTINCT instrument FROM ${store.database}.qc_values ORDER BY instrument`, format: 'JSONEachRow' })
  return (await rs.json<{ instrument: string }>()).map((r) => r.instrument)
}

/** True when the store holds no value yet (first start). */
export async function storeIsEmpty(store: StoreClient): Promise<boolean> {
  const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.qc_values`, format: 'JSONEachRow' })
  const [{ n }] = await rs.json<{ n: string }>()
  return Number(n) === 0
}
