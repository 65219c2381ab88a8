import { watch, type FSWatcher } from 'node:fs'
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ProductResult } from '../products/ingest-product.ts'
import { runPool } from '../concurrency/run-pool.ts'

export interface LandingOptions {
  /** A file must keep its size and mtime this long before it is read (ms). */
  settleMs?: number
  /** Rescan interval (ms); fs.watch events trigger earlier scans. */
  pollMs?: number
  /** A truncated FITS file younger than this is waited for, not failed (ms). */
  graceMs?: number
  /** Files ingested at once; their values are committed together by the writer. */
  concurrency?: number
  log?: (line: string) => void
  clock?: () => number
}

/** Names writers use while a file is still being written (rsync, scp, curl, browsers). */
const IN_PROGRESS = /^\.|\.(part|tmp|filepart|crdownload|partial)$|~$/i

/**
 * Watches a landing folder like an observatory's data-transfer area. A file is
 * ingested once its size and mtime have been stable for `settleMs`, then moved
 * to `done/`, or to `failed/` with `<name>.reason.txt` beside it. Ingestion is
 * idempotent and the move happens after it, so a crash at any point re-ingests
 * (as duplicates) what is still in the folder and loses nothing.
 *
 * @example
 * const landing = new LandingFolder('/data/landing', (path, name) => ingestFile(path, name))
 * await landing.start()
 */
export class LandingFolder {
  #seen = new Map<string, { size: number; mtimeMs: number; since: number }>()
  #watcher?: FSWatcher
  #timer?: NodeJS.Timeout
  #running: Promise<void> | null = null
  #again = false
  #stopped = false
  readonly done: string
  readonly failed: string

  constructor(readonly dir: string, private ingest: (path: string, name: string) => Promise<ProductResult>, private opts: LandingOptions = {}) {
    this.done = join(dir, 'done')
    this.failed = join(dir, 'failed')
  }

  async start(): Promise<void> {
    await mkdir(this.done, { recursive: true })
    await mkdir(this.failed, { recursive: true })
    this.#watcher = watch(this.dir, () => this.scan())
    this.#timer = setInterval(() => this.scan(), this.opts.pollMs ?? 500)
    await this.scan()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#watcher?.close()
    clearInterval(this.#timer)
    await this.#running
  }

  /** Scans once (scans never overlap; a request during a scan runs another after it). */
  scan(): Promise<void> {
    if (this.#running) { this.#again = true; return this.#running }
    this.#running = (async () => {
      do {
        this.#again = false
        await this.#scanOnce().catch((e) => this.#log(`landing scan failed: ${(e as Error).message}`))
      } while (this.#again && !this.#stopped)
    })().finally(() => { this.#running = null })
    return this.#running
  }

  async #scanOnce(): Promise<void> {
    const now = (this.opts.clock ?? Date.now)()
    const entries = await readdir(this.dir, { withFileTypes: true })
    const present = new Set<string>()
    const ready: [string, string, number][] = []
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (this.#stopped) return
      if (!e.isFile() || IN_PROGRESS.test(e.name)) continue
      present.add(e.name)
      const path = join(this.dir, e.name)
      const st = await stat(path).catch(() => null)
      if (!st) continue
      const prev = this.#seen.get(e.name)
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        this.#seen.set(e.name, { size: st.size, mtimeMs: st.mtimeMs, since: now })
        if (this.opts.settleMs !== 0) continue
      }
      const settled = this.#seen.get(e.name)!
      if (now - settled.since < (this.opts.settleMs ?? 1000)) continue
      ready.push([path, e.name, now - st.mtimeMs])
    }
    for (const name of this.#seen.keys()) if (!present.has(name)) this.#seen.delete(name)
    await runPool(ready.map(([path, name, age]) => async () => { if (!this.#stopped) await this.#handle(path, name, age) }), this.opts.concurrency ?? 16)
  }

  async #handle(path: string, name: string, ageMs: number): Promise<void> {
    let r: ProductResult
    try {
      r = await this.ingest(path, name)
    } catch (e) {
      // The store refused or is down: keep the file and try again on a later scan.
      this.#log(`landing: ${name} not ingested yet (${(e as Error).message}); will retry`)
      return
    }
    if (r.status === 'refused' && /truncated|no END card/.test(r.reason ?? '') && ageMs < (this.opts.graceMs ?? 30_000)) return
    this.#seen.delete(name)
    if (r.status === 'ingested') {
      await rename(path, await freeName(this.done, name))
      this.#log(`landing: ${name} → done (${r.frames !== undefined ? `raw frame for calChecker, ${r.frames ? 'new' : 'already known'}` : `${r.accepted} new, ${r.duplicates} duplicate values`})`)
    } else {
      const target = await freeName(this.failed, name)
      await writeFile(`${target}.reason.txt`, `${r.reason}\n`)
      await rename(path, target)
      this.#log(`landing: ${name} → failed: ${r.reason}`)
    }
  }

  #log(line: string): void {
    ;(this.opts.log ?? console.log)(line)
  }
}

/** `dir/name`, or `dir/name.1`, `.2`… when taken, so nothing in done/ or failed/ is overwritten. */
async function freeName(dir: string, name: string): Promise<string> {
  for (let i = 0; ; i++) {
    const candidate = join(dir, i === 0 ? name : `${name}.${i}`)
    if (!(await stat(candidate).catch(() => null))) return candidate
  }
}
