import { createReadStream, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseClientOptions } from './options.ts'
import { readConfig } from '../config.ts'
import { loadCatalogues } from '../catalogue/load-catalogues.ts'
import { buildServices } from '../services.ts'
import { openStore, storeIsEmpty } from '../store/open-store.ts'
import { rescoreEverything } from '../scoring/rederive.ts'
import { backupTables, loadTable } from '../store/backup-store.ts'
import { countRows } from '../store/copy-store.ts'
import { MIGRATIONS } from '../store/schema.ts'
import { damagedTables, writeBackup, type Manifest } from '../backup/write-backup.ts'

type Out = { write(t: string): unknown }

/**
 * `qcloop backup --out DIR`: a client of the running server (like `qcloop ingest`), so the
 * server keeps running: writes every table of the truth to DIR/<table>.tsv with a
 * manifest.json (tables, columns, row counts, schema version). Written to DIR.partial and
 * renamed at the end, so DIR is complete or absent.
 */
export async function backupCommand(args: string[], env: NodeJS.ProcessEnv, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  let o
  try { o = parseClientOptions(args.flatMap((a, i) => (a === '--out' || args[i - 1] === '--out' ? [] : [a])), env) } catch (e) { err.write(`qcloop backup: ${(e as Error).message}\n`); return 2 }
  const dir = args[args.indexOf('--out') + 1]
  if (!args.includes('--out') || !dir) { err.write('usage: qcloop backup --out DIR [--url URL] [--token ADMIN_TOKEN]\n'); return 2 }
  try {
    const manifest = await writeBackup(o.url, o.token, dir, (t) => out.write(`${t.table.padEnd(24)} ${t.rows.toLocaleString('en').padStart(12)} rows\n`))
    out.write(`backup written to ${resolve(dir)} (${manifest.tables.length} tables)\n`)
    return 0
  } catch (e) {
    err.write(`qcloop backup: ${(e as Error).message}\n`)
    return 1
  }
}

/**
 * `qcloop restore --from DIR`: loads a backup into the empty store of this configuration
 * (QCLOOP_DATA's embedded store, or CLICKHOUSE_URL) while no qcloop runs on it, re-derives
 * scores, health states and roll-ups, and checks every table's row count against the manifest.
 */
export async function restoreCommand(args: string[], env: NodeJS.ProcessEnv, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const dir = args[args.indexOf('--from') + 1]
  if (!args.includes('--from') || !dir) { err.write('usage: qcloop restore --from DIR\n'); return 2 }
  let manifest: Manifest
  try { manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) } catch (e) { err.write(`qcloop restore: ${dir} is not a qcloop backup (${(e as Error).message})\n`); return 2 }
  if (manifest.format !== 1 || manifest.migration > MIGRATIONS.at(-1)!.version) { err.write(`qcloop restore: the backup needs a newer qcloop (schema ${manifest.migration})\n`); return 2 }
  const damaged = await damagedTables(dir, manifest).catch((e: Error) => [e.message])
  if (damaged.length > 0) { err.write(`qcloop restore: the backup is damaged (checksum differs from its manifest): ${damaged.join(', ')}; nothing was restored\n`); return 1 }
  const cfg = readConfig(env)
  let store
  try { store = await openStore(cfg) } catch (e) { err.write(`qcloop restore: cannot open the store (${(e as Error).message}); stop the qcloop that uses it first\n`); return 1 }
  try {
    if (!(await storeIsEmpty(store))) { err.write('qcloop restore: the store already holds values; restore into an empty one\n'); return 1 }
    const known = new Map((await backupTables(store)).map((t) => [t.name, t]))
    for (const t of manifest.tables) {
      if (!known.has(t.table)) throw new Error(`the backup has a table this store does not: ${t.table}`)
      await loadTable(store, t.table, t.columns, createReadStream(join(dir, `${t.table}.tsv`)))
    }
    const s = await buildServices(store, loadCatalogues(resolve(cfg.catalogues)), { autoScore: false, dayBoundaryHour: cfg.dayBoundaryHour })
    await rescoreEverything(s)
    await s.scoring.idle()
    await s.close()
    const wrong: string[] = []
    for (const t of manifest.tables) {
      const n = await countRows(store, known.get(t.table)!)
      if (n !== t.rows) wrong.push(`${t.table}: backup ${t.rows}, restored ${n}`)
    }
    if (wrong.length > 0) { err.write(`qcloop restore: counts differ:\n  ${wrong.join('\n  ')}\n`); return 1 }
    out.write(`restored ${manifest.tables.length} tables from ${resolve(dir)}; scores, health and roll-ups re-derived; every row count matches\n`)
    return 0
  } catch (e) {
    err.write(`qcloop restore: ${(e as Error).message}\n`)
    return 1
  } finally {
    await store.close()
  }
}
