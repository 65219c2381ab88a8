import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { MIGRATIONS } from '../store/schema.ts'

/** A backup folder's manifest.json: the schema version it was taken at and every table's columns and rows. */
export interface Manifest {
  format: 1; migration: number
  /** sha256: of the table's file as written (hex), so a restore refuses a damaged or edited backup. */
  tables: { table: string; columns: string[]; rows: number; sha256?: string }[]
}

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
 * Takes a backup from a running qcloop (`GET /api/v1/backup`, admin token) into `dir`: every
 * table of the truth as `<table>.tsv` and a manifest. Written to `dir.partial` and renamed at
 * the end, so `dir` is complete or absent. `onTable` hears each table as it is written.
 *
 * @example
 * const m = await writeBackup('http://127.0.0.1:8080', adminToken, '/backups/qcloop-2026-12-03')
 */
export async function writeBackup(url: string, token: string, dir: string, onTable: (t: Manifest['tables'][number]) => void = () => {}): Promise<Manifest> {
  if (existsSync(dir)) throw new Error(`${dir} exists; name a new folder`)
  const partial = `${dir}.partial`
  rmSync(partial, { recursive: true, force: true }); mkdirSync(partial, { recursive: true })
  try {
    const res = await fetch(`${url}/api/v1/backup`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok || !res.body) throw new Error(`the server answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
    const frames = new Frames((Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]())
    const manifest: Manifest = { format: 1, migration: MIGRATIONS.at(-1)!.version, tables: [] }
    for (;;) {
      const head = await frames.line()
      if (head.end) break
      const t: Manifest['tables'][number] = { table: String(head.table), columns: head.columns as string[], rows: Number(head.rows) }
      const file = createWriteStream(join(partial, `${t.table}.tsv`)), hash = createHash('sha256')
      for (let f = await frames.line(); Number(f.bytes) > 0; f = await frames.line()) {
        const chunk = await frames.bytes(Number(f.bytes))
        hash.update(chunk)
        if (!file.write(chunk)) await once(file, 'drain')
      }
      file.end(); await once(file, 'close')
      t.sha256 = hash.digest('hex')
      manifest.tables.push(t)
      onTable(t)
    }
    writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2))
    renameSync(partial, dir)
    return manifest
  } catch (e) {
    rmSync(partial, { recursive: true, force: true })
    throw e
  }
}

/** Tables whose file no longer has the checksum the manifest recorded (damaged, truncated, edited). */
export async function damagedTables(dir: string, manifest: Manifest): Promise<string[]> {
  const bad: string[] = []
  for (const t of manifest.tables) {
    if (!t.sha256) continue // a backup taken before checksums were recorded
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(join(dir, `${t.table}.tsv`))) hash.update(chunk as Buffer)
    if (hash.digest('hex') !== t.sha256) bad.push(t.table)
  }
  return bad
}
