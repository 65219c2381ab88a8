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
  const done = await appliedVersions(store)
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

/**
 * How the store's schema compares with this qcloop's migrations: those not yet applied, and those
 * applied by a newer qcloop that this one does not know (readiness: either means this process
 * should not serve).
 */
export async function schemaState(store: StoreClient, migrations: Migration[] = MIGRATIONS): Promise<{ missing: string[]; unknown: number[] }> {
  const done = await appliedVersions(store)
  const known = new Set(migrations.map((m) => m.version))
  return { missing: migrations.filter((m) => !done.has(m.version)).map((m) => m.name), unknown: [...done].filter((v) => !known.has(v)).sort((a, b) => a - b) }
}

/** The migration versions the store records as applied. */
async function appliedVersions(store: StoreClient): Promise<Set<number>> {
  const rs = await store.client.query({ query: `SELECT DISTINCT version FROM ${store.database}.schema_migrations`, format: 'JSONEachRow' })
  return new Set((await rs.json<{ version: number }>()).map((r) => Number(r.version)))
}
