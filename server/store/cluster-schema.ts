import type { StoreClient } from './client.ts'
import { MIGRATIONS, type Migration } from './schema.ts'

/**
 * The migrations translated for a self-managed ClickHouse cluster (ClickHouse Cloud needs none of
 * this: its tables are replicated already). Each table becomes `<table>_local`, a
 * Replicated…MergeTree created ON CLUSTER with the `{shard}`/`{replica}` macros, and `<table>`,
 * a Distributed table over it sharded by instrument (a series, and every key a
 * ReplacingMergeTree collapses, stays on one shard), so the application keeps its table names.
 * The migrations table is replicated to every node. Pure: prints, runs nothing.
 *
 * @example
 * clusterStatements('qc', 'qcloop')[0] // 'CREATE DATABASE IF NOT EXISTS qcloop ON CLUSTER qc'
 */
export function clusterStatements(cluster: string, db: string, migrations: Migration[] = MIGRATIONS): { version: number | null; name: string; sql: string }[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cluster)) throw new Error(`the cluster name must be an identifier, got ${JSON.stringify(cluster)}`)
  const out: { version: number | null; name: string; sql: string }[] = [
    { version: null, name: 'database', sql: `CREATE DATABASE IF NOT EXISTS ${db} ON CLUSTER ${cluster}` },
    // One replication group over every node (replica name {shard}-{replica}): each node knows what ran.
    { version: null, name: 'schema_migrations', sql: `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations ON CLUSTER ${cluster} (
      version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/${db}/schema_migrations', '{shard}-{replica}') ORDER BY version` },
  ]
  for (const m of migrations) for (const sql of m.statements(db)) for (const s of translate(sql.trim(), cluster, db)) out.push({ version: m.version, name: m.name, sql: s })
  return out
}

const CREATE = /^CREATE TABLE IF NOT EXISTS (\w+)\.(\w+) \(([\s\S]*)\)\s*ENGINE = (\w+)(?:\(([^)]*)\))?\s*([\s\S]*)$/
const ALTER = /^ALTER TABLE (\w+)\.(\w+)\s+([\s\S]*)$/

function translate(sql: string, cluster: string, db: string): string[] {
  const c = CREATE.exec(sql)
  if (c) {
    const [, , table, columns, engine, args, rest] = c
    if (!/MergeTree$/.test(engine)) throw new Error(`cannot translate engine ${engine} of ${table}`)
    const path = `'/clickhouse/tables/{shard}/${db}/${table}_local', '{replica}'`
    const replicated = `Replicated${engine}(${path}${args ? `, ${args}` : ''})`
    const key = /\binstrument\b/.test(columns) ? 'instrument' : (/ORDER BY \(?(\w+)/.exec(rest)?.[1] ?? 'rand()')
    return [
      `CREATE TABLE IF NOT EXISTS ${db}.${table}_local ON CLUSTER ${cluster} (${columns}) ENGINE = ${replicated} ${rest}`.trim(),
      `CREATE TABLE IF NOT EXISTS ${db}.${table} ON CLUSTER ${cluster} AS ${db}.${table}_local ENGINE = Distributed(${cluster}, ${db}, ${table}_local, cityHash64(${key}))`,
    ]
  }
  const a = ALTER.exec(sql)
  if (a) {
    const [, , table, change] = a
    // Columns are added to both: the shards' tables and the Distributed table that reads them.
    return [`ALTER TABLE ${db}.${table}_local ON CLUSTER ${cluster} ${change}`, `ALTER TABLE ${db}.${table} ON CLUSTER ${cluster} ${change}`]
  }
  const v = /^CREATE OR REPLACE VIEW (\w+)\.(\w+) AS\s+([\s\S]*)$/.exec(sql)
  // A view on every node, over the Distributed tables of the same names.
  if (v) return [`CREATE OR REPLACE VIEW ${db}.${v[2]} ON CLUSTER ${cluster} AS ${v[3]}`]
  throw new Error(`cannot translate for a cluster: ${sql.slice(0, 80)}`)
}

/**
 * Runs the cluster statements on a server and records their migrations as applied, so qcloop's
 * own migrate() then finds nothing to do on the cluster. Returns the versions recorded.
 */
export async function applyClusterSchema(store: StoreClient, statements: { version: number | null; name: string; sql: string }[]): Promise<number[]> {
  for (const s of statements) await store.client.command({ query: s.sql })
  const done = [...new Map(statements.filter((s) => s.version !== null).map((s) => [s.version!, s.name])).entries()]
  await store.client.insert({ table: `${store.database}.schema_migrations`, values: done.map(([version, name]) => ({ version, name })), format: 'JSONEachRow' })
  return done.map(([v]) => v)
}
