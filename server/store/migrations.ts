import type { StoreClient } from './client.ts'
import { MIGRATIONS, type Migration } from './schema.ts'

/**
 * Brings the schema up to date. Each migration runs once and is recorded in
 * `schema_migrations`; every statement is itself idempotent (IF NOT EXISTS),
 * so a crash between a statement and its record is harmless on the next run.
 *
 * @example
 * const ran = await migrate(store) // ['001_values'] on an empty store, [] afterwards
 */
export async function migrate(store: StoreClient, migrations: Migration[] = MIGRATIONS): Promise<string[]> {
  const db = store.database
  const { client } = store
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` })
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (
      version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = ReplacingMergeTree ORDER BY version`,
  })
  const rs = await client.query({ query: `SELECT version FROM ${db}.schema_migrations FINAL`, format: 'JSONEachRow' })
  const done = new Set((await rs.json<{ version: number }>()).map((r) => Number(r.version)))
  const ran: string[] = []
  for (const m of migrations) {
    if (done.has(m.version)) continue
    for (const sql of m.statements(db)) await client.command({ query: sql })
    await client.insert({
      table: `${db}.schema_migrations`,
      values: [{ version: m.version, name: m.name }],
      format: 'JSONEachRow',
    })
    ran.push(m.name)
  }
  return ran
}
