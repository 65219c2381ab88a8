import { join } from 'node:path'
import type { Config } from '../config.ts'
import { openStoreClient, type StoreClient } from './client.ts'
import { migrate } from './migrations.ts'
import { ValuesWriter } from './values-writer.ts'

export interface OpenedStore {
  store: StoreClient
  writer: ValuesWriter
  isEmpty(): Promise<boolean>
}

/**
 * Opens the configured backend, applies migrations, and builds the writer.
 *
 * @example
 * const { store, writer } = await openStore(readConfig(process.env))
 */
export async function openStore(cfg: Pick<Config, 'clickhouse' | 'dataDir' | 'database'>, clock: () => number = Date.now): Promise<OpenedStore> {
  const store = cfg.clickhouse
    ? openStoreClient(cfg.clickhouse)
    : openStoreClient({ database: cfg.database, path: join(cfg.dataDir, 'store') })
  await migrate(store)
  const writer = new ValuesWriter(store, clock)
  const isEmpty = async () => {
    const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.qc_values`, format: 'JSONEachRow' })
    const [{ n }] = await rs.json<{ n: string }>()
    return Number(n) === 0
  }
  return { store, writer, isEmpty }
}
