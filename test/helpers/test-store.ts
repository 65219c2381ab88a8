import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStoreClient, type StoreClient } from '../../server/store/client.ts'
import { migrate } from '../../server/store/migrations.ts'

let shared: StoreClient | null = null

/**
 * A migrated store in a fresh database on the real embedded engine. chDB allows
 * one data directory per process, so every call in a test file shares one
 * directory and gets its own database.
 */
export async function openTestStore(): Promise<StoreClient> {
  if (!shared) {
    const path = mkdtempSync(join(tmpdir(), 'qcloop-test-'))
    shared = openStoreClient({ database: 'unused', path })
    process.on('exit', () => rmSync(path, { recursive: true, force: true }))
  }
  const store: StoreClient = { ...shared, database: `t_${Math.random().toString(36).slice(2, 10)}`, close: async () => {} }
  await migrate(store)
  return store
}

/** Counts rows of a table in a test store (FINAL: as readers see them). */
export async function countRows(store: StoreClient, table = 'qc_values'): Promise<number> {
  const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.${table} FINAL`, format: 'JSONEachRow' })
  return Number((await rs.json<{ n: string }>())[0].n)
}
