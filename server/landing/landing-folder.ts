import { watch, type Dirent, type FSWatcher } from 'node:fs'
import { createHash } from 'node:crypto'
import { lstat, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
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
  /** Told each file's outcome once it has one (metrics). */
  onResult?: (r: ProductResult) => void
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
  /** Entries already named in the log (folders, unmovable specials): said once, not every scan. */
  #warned = new Set<string>()
  #backlog = 0
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

  /** Files in the folder at the last scan, waiting or being ingested. */
  backlog(): number {
    return this.#backlog
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
      if (IN_PROGRESS.test(e.name)) continue
      if (!e.isFile()) {
        await this.#notAFile(e)
        continue
      }
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
    this.#backlog = present.size
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
    this.opts.onResult?.(r)
    if (r.status === 'ingested') {
      await rename(path, await freeName(this.done, name))
      this.#log(`landing: ${name} → done (${r.frames !== undefined ? `raw frame for calChecker, ${r.frames ? 'new' : 'already known'}` : `${r.accepted} new, ${r.duplicates} duplicate values`})`)
    } else {
      await this.#fail(path, name, r.reason ?? 'refused')
    }
  }

  /** Moves a file to failed/ with its reason beside it (under a shortened name where the full one would be too long). */
  async #fail(path: string, name: string, reason: string): Promise<void> {
    const target = await freeName(this.failed, name)
    await writeFile(join(this.failed, `${fitName(basename(target), REASON.length)}${REASON}`), `${reason}\n`)
    await rename(path, target)
    this.#log(`landing: ${name} → failed: ${reason}`)
  }

  /**
   * Symbolic links, FIFOs, sockets and devices are never opened (a link could
   * point anywhere, a FIFO would block a reader): they go to failed/ with the
   * reason. Folders other than done/ and failed/ are left in place and named once.
   */
  async #notAFile(e: Dirent): Promise<void> {
    if (e.isDirectory()) {
      if (e.name !== 'done' && e.name !== 'failed' && !this.#warned.has(e.name)) {
        this.#warned.add(e.name)
        this.#log(`landing: ${e.name}/ is a folder; sub-folders are not watched (move its files up to ingest them)`)
      }
      return
    }
    const what = e.isSymbolicLink() ? 'a symbolic link' : e.isFIFO() ? 'a named pipe (FIFO)' : e.isSocket() ? 'a socket' : 'a device or special file'
    await this.#fail(join(this.dir, e.name), e.name, `${what}: the landing folder reads regular files only`).catch((err) => {
      if (!this.#warned.has(e.name)) this.#log(`landing: ${e.name} is ${what} and cannot be moved to failed/: ${(err as Error).message}`)
      this.#warned.add(e.name)
    })
  }

  #log(line: string): void {
    ;(this.opts.log ?? (() => {}))(line)
  }
}

const REASON = '.reason.txt'
/** Longest file name most file systems take (ext4, xfs: 255 bytes). */
const NAME_MAX = 255

/**
 * `name` shortened so that `suffix` more bytes still fit in one file name: the
 * start is kept and an 8-hex hash of the whole name keeps shortened names apart.
 */
function fitName(name: string, suffix: number): string {
  if (Buffer.byteLength(name) + suffix <= NAME_MAX) return name
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8)
  let head = name
  while (Buffer.byteLength(head) + 9 + suffix > NAME_MAX) head = head.slice(0, -1)
  return `${head}~${hash}`
}

/** `dir/name`, or `dir/name.1`, `.2`… when taken, so nothing in done/ or failed/ is overwritten. */
async function freeName(dir: string, name: string): Promise<string> {
  for (let i = 0; ; i++) {
    const suffix = i === 0 ? '' : `.${i}`
    const candidate = join(dir, fitName(name, suffix.length) + suffix)
    if (!(await lstat(candidate).catch(() => null))) return candidate
  }
}
