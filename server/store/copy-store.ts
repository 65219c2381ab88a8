import { Readable } from 'node:stream'
import type { StoreClient } from './client.ts'

/**
 * Copying one store's tables into another (`qcloop migrate-store`): table by table, in chunks,
 * in one total order, so that a copy cut off at any point resumes where it stopped.
 *
 * Why it resumes exactly: each chunk is one INSERT (one block, so all or nothing on the target),
 * and chunks follow `ORDER BY ALL` of the source; the rows on the target are therefore always a
 * prefix of that order, and their count says where to go on. Tables whose engine replaces rows
 * are read FINAL, so no two copied rows share a key and the target's merges never shrink the
 * prefix. Text (TabSeparated) round-trips every type exactly: floats print as their shortest
 * exact form, so QC values arrive bit-exact.
 */

export interface TableInfo { name: string; replacing: boolean; columns: string[] }

/** Databases of a store that hold qcloop tables (a schema_migrations table), to name the choices when the wanted one is missing. */
export async function qcloopDatabases(store: StoreClient): Promise<string[]> {
  const rs = await store.client.query({ query: `SELECT database FROM system.tables WHERE name = 'schema_migrations' ORDER BY database`, format: 'JSONEachRow' })
  return (await rs.json<{ database: string }>()).map((r) => r.database)
}

/** The source's tables to copy (schema_migrations excepted: the target's own migrations write it). */
export async function listTables(store: StoreClient): Promise<TableInfo[]> {
  const rs = await store.client.query({
    query: `SELECT t.name, t.engine, groupArray(c.name) AS columns FROM system.tables AS t
      INNER JOIN (SELECT table, name, position FROM system.columns WHERE database = {db:String} ORDER BY table, position) AS c ON c.table = t.name
      WHERE t.database = {db:String} AND t.engine LIKE '%MergeTree' AND t.name != 'schema_migrations'
      GROUP BY t.name, t.engine ORDER BY t.name`,
    query_params: { db: store.database }, format: 'JSONEachRow',
  })
  return (await rs.json<{ name: string; engine: string; columns: string[] }>()).map((r) => ({ name: r.name, replacing: r.engine.includes('Replacing'), columns: r.columns }))
}

/** Rows of a table as readers see them (FINAL where rows replace each other). */
export async function countRows(store: StoreClient, t: TableInfo): Promise<number> {
  const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.${t.name}${t.replacing ? ' FINAL' : ''}`, format: 'JSONEachRow' })
  return Number((await rs.json<{ n: string }>())[0].n)
}

/** Rows physically on the target so far (a copy's progress: no FINAL, merges never shrink it). */
async function rowsCopied(store: StoreClient, table: string): Promise<number> {
  const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.${table}`, format: 'JSONEachRow' })
  return Number((await rs.json<{ n: string }>())[0].n)
}

/** One chunk of a table, `limit` rows from `offset` in the copy's order, as TabSeparated text ('' past the end). */
export async function readChunk(store: StoreClient, t: TableInfo, offset: number, limit: number): Promise<string> {
  const rs = await store.bulk.query({
    query: `SELECT ${t.columns.map((c) => `\`${c}\``).join(', ')} FROM ${store.database}.${t.name}${t.replacing ? ' FINAL' : ''} ORDER BY ALL LIMIT {n:UInt64} OFFSET {o:UInt64}`,
    query_params: { n: limit, o: offset }, format: 'TabSeparated',
  })
  return rs.text()
}

/**
 * Copies the rest of one table, `chunk` rows per INSERT, reporting the rows on the target after
 * each. Returns the rows the target then holds. Throws when the target holds more than the
 * source: it is not a copy of this store.
 */
export async function copyTable(from: StoreClient, to: StoreClient, t: TableInfo, chunk: number, progress: (copied: number, total: number) => void): Promise<number> {
  const total = await countRows(from, t)
  let copied = await rowsCopied(to, t.name)
  if (copied > total) throw new Error(`target table ${to.database}.${t.name} holds ${copied} rows, the source ${total}: it is not a copy of this store (empty it, or pick another database)`)
  while (copied < total) {
    const text = await readChunk(from, t, copied, chunk)
    if (text.length === 0) break
    // TabSeparated escapes line breaks inside values: one line, one row. Sent on as the source wrote it.
    let rows = 0
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++
    await to.bulk.insert({
      table: `${to.database}.${t.name}`, columns: t.columns as [string, ...string[]], values: Readable.from([text], { objectMode: false }), format: 'TabSeparated',
      // One chunk, one block: all of it lands or none.
      clickhouse_settings: { max_insert_block_size: String(chunk + 1), min_insert_block_size_rows: '0', min_insert_block_size_bytes: '0' },
    })
    copied += rows
    progress(copied, total)
  }
  return copied
}
