import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { once } from 'node:events'
import { Readable } from 'node:stream'
import { parseClientOptions } from './options.ts'
import { readConfig } from '../config.ts'
import { loadCatalogues } from '../catalogue/load-catalogues.ts'
import { buildServices } from '../services.ts'
import { openStore, storeIsEmpty } from '../store/open-store.ts'
import { rescoreEverything } from '../scoring/rederive.ts'
import { backupTables, loadTable } from '../store/backup-store.ts'
import { countRows } from '../store/copy-store.ts'
import { MIGRATIONS } from '../store/schema.ts'

type Out = { write(t: string): unknown }
interface Manifest { format: 1; migration: number; tables: { table: string; columns: string[]; rows: number }[] }

/** Reads the backup stream's frames: JSON lines, and exact byte counts after a `{"bytes"}` line. */
class Frames {
  #buf = Buffer.alloc(0)
  constructor(private it: AsyncIterator<Uint8Array>) {}
  async #fill(): Promise<boolean> {
    const r = await this.it.next()
    if (r.done) return false
    this.#buf = Buffer.concat([this.#buf, r.value])
    return true
  }
  async line(): Promise<Record<string, unknown>> {
    for (;;) {
      const i = this.#buf.indexOf(10)
      if (i >= 0) { const l = this.#buf.subarray(0, i).toString('utf8'); this.#buf = this.#buf.subarray(i + 1); return JSON.parse(l) }
      // A frame line is short: a longer one is not a qcloop backup.
      if (this.#buf.length > 1 << 20 || !(await this.#fill())) throw new Error('the backup stream ended early or is not a qcloop backup')
    }
  }
  async bytes(n: number): Promise<Buffer> {
    while (this.#buf.length < n) if (!(await this.#fill())) throw new Error('the backup stream ended early')
    const b = this.#buf.subarray(0, n); this.#buf = this.#buf.subarray(n); return b
  }
}

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
  if (existsSync(dir)) { err.write(`qcloop backup: ${dir} exists; name a new folder\n`); return 1 }
  const partial = `${dir}.partial`
  rmSync(partial, { recursive: true, force: true }); mkdirSync(partial, { recursive: true })
  try {
    const res = await fetch(`${o.url}/api/v1/backup`, { headers: { authorization: `Bearer ${o.token}` } })
    if (!res.ok || !res.body) throw new Error(`the server answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
    const frames = new Frames((Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]())
    const manifest: Manifest = { format: 1, migration: MIGRATIONS.at(-1)!.version, tables: [] }
    for (;;) {
      const head = await frames.line()
      if (head.end) break
      const t = { table: String(head.table), columns: head.columns as string[], rows: Number(head.rows) }
      const file = createWriteStream(join(partial, `${t.table}.tsv`))
      for (let f = await frames.line(); Number(f.bytes) > 0; f = await frames.line()) {
        if (!file.write(await frames.bytes(Number(f.bytes)))) await once(file, 'drain')
      }
      file.end(); await once(file, 'close')
      manifest.tables.push(t)
      out.write(`${t.table.padEnd(24)} ${t.rows.toLocaleString('en').padStart(12)} rows\n`)
    }
    writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2))
    renameSync(partial, dir)
    out.write(`backup written to ${resolve(dir)} (${manifest.tables.length} tables)\n`)
    return 0
  } catch (e) {
    rmSync(partial, { recursive: true, force: true })
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
