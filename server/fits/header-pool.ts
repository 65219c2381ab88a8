import { Worker } from 'node:worker_threads'
import { FitsFormatError } from './card.ts'
import type { Header } from './header.ts'
import { FitsLimitError, type FitsLimits } from './limits.ts'
import type { ParseHeader } from './read-headers.ts'
import type { ParseJob } from './header-worker.ts'

export interface HeaderPoolOptions {
  /** Worker threads (default 2: parsing is short, the point is to keep it off the event loop). */
  size?: number
  /** Longest one header may take to parse before its worker is stopped and the file refused (ms). */
  budgetMs?: number
  /** Heap of one worker, in MiB: a header that needs more ends its worker, not the server. */
  heapMb?: number
}

interface Slot { worker: Worker; busy: Job | null }
interface Job { data: Omit<ParseJob, 'id'>; id: number; resolve(h: Header): void; reject(e: Error): void; timer?: NodeJS.Timeout }

/**
 * Parses FITS headers in worker threads with a time budget per header, so the
 * HTTP server's event loop never runs a card parser: `/healthz` and reads
 * answer while the worst file is being refused. A header that overruns the
 * budget or crashes its worker is refused (`FitsLimitError`, limit
 * `timeBudget` or `crash`) and the worker is replaced.
 *
 * @example
 * const pool = new HeaderPool()
 * const headers = await readFitsHeaders(path, limits, pool.parse)
 */
export class HeaderPool {
  #slots: Slot[] = []
  #queue: Job[] = []
  #nextId = 1
  #closed = false
  constructor(private o: HeaderPoolOptions = {}) {
    for (let i = 0; i < (o.size ?? 2); i++) this.#slots.push(this.#spawn())
  }

  /** A `ParseHeader` for the readers in read-headers.ts. */
  readonly parse: ParseHeader = (index: number, blocks: Uint8Array, limits: FitsLimits, cardsLeft: number) =>
    new Promise<Header>((resolve, reject) => {
      if (this.#closed) return reject(new Error('header pool is closed'))
      this.#queue.push({ data: { index, blocks, limits, cardsLeft }, id: this.#nextId++, resolve, reject })
      this.#dispatch()
    })

  async close(): Promise<void> {
    this.#closed = true
    for (const j of this.#queue.splice(0)) j.reject(new Error('header pool is closed'))
    await Promise.all(this.#slots.map((s) => s.worker.terminate()))
  }

  #spawn(): Slot {
    const worker = new Worker(new URL('./header-worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: this.o.heapMb ?? 256 } })
    worker.unref()
    const slot: Slot = { worker, busy: null }
    worker.on('message', (m: { id: number; header?: Header; error?: { name: string; message: string; limit?: string } }) => {
      const job = slot.busy
      if (!job || job.id !== m.id) return
      this.#finish(slot)
      if (m.header) job.resolve(m.header)
      else if (m.error?.name === 'FitsLimitError') job.reject(new FitsLimitError(m.error.limit as keyof FitsLimits, m.error.message))
      else if (m.error?.name === 'FitsFormatError') job.reject(new FitsFormatError(m.error.message))
      else job.reject(new Error(m.error?.message ?? 'header worker failed'))
    })
    const died = (why: string) => {
      const job = slot.busy
      this.#replace(slot)
      job?.reject(new FitsLimitError('crash', `reading the header stopped its worker (${why}); the file is refused`))
    }
    worker.on('error', (e: Error) => died(e.message))
    worker.on('exit', (code) => { if (!this.#closed && this.#slots.includes(slot)) died(`exit code ${code}`) })
    return slot
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.busy || this.#queue.length === 0) continue
      const job = this.#queue.shift()!
      slot.busy = job
      const budget = this.o.budgetMs ?? 10_000
      job.timer = setTimeout(() => {
        this.#replace(slot)
        job.reject(new FitsLimitError('timeBudget', `reading header ${job.data.index} took longer than ${budget / 1000} s (limit timeBudget); the file is refused`))
      }, budget)
      slot.worker.postMessage({ id: job.id, ...job.data } satisfies ParseJob)
    }
  }

  #finish(slot: Slot): void {
    clearTimeout(slot.busy?.timer)
    slot.busy = null
    this.#dispatch()
  }

  /** Stops a stalled or dead worker and puts a fresh one in its place. */
  #replace(slot: Slot): void {
    clearTimeout(slot.busy?.timer)
    slot.busy = null
    const i = this.#slots.indexOf(slot)
    if (i >= 0) this.#slots.splice(i, 1)
    void slot.worker.terminate()
    if (!this.#closed) this.#slots.push(this.#spawn())
    this.#dispatch()
  }
}
