import type { StoreClient } from '../store/client.ts'
import { readChanges } from '../store/write-log.ts'

/**
 * What other processes sharing the store changed, for this process's caches: every `everyMs` it
 * reads the write log's newest entry per instrument and of scoring, and bumps a counter whenever
 * one grew. Caches key on writer generation + these counters, so an api process stops serving a
 * series or a health view within about `everyMs` (default 1 s) after another process wrote or
 * the worker scored. Only used when several processes share the store.
 *
 * @example
 * const feed = new ChangeFeed(store); feed.start()
 * const gen = writer.generation('UVES') + feed.written('UVES')
 */
export class ChangeFeed {
  #seen = new Map<string, number>()
  #written = new Map<string, number>()
  #writtenAll = 0
  #scoredMs = 0
  #scored = 0
  #timer: NodeJS.Timeout | undefined
  #polling: Promise<void> | undefined

  constructor(private store: StoreClient, private everyMs = 1000, private log: (line: string) => void = () => {}) {}

  /** Bumps whenever any process logged a write of the instrument. */
  written(instrument: string): number { return this.#written.get(instrument) ?? 0 }
  /** Bumps whenever any process logged a write. */
  writtenAll(): number { return this.#writtenAll }
  /** Bumps whenever any process logged a scoring pass. */
  scored(): number { return this.#scored }

  /** Reads the log once now (start-up, tests). */
  async poll(): Promise<void> {
    // Entries are stamped with their writers' clocks: look a minute behind the newest seen, so a
    // writer whose clock lags a little is not missed (what was seen already is not counted twice).
    const newest = Math.max(this.#scoredMs, ...this.#seen.values())
    const { written, scoredMs } = await readChanges(this.store, newest > 0 ? newest - 60_000 : 0)
    let any = false
    for (const [instrument, at] of written) {
      if ((this.#seen.get(instrument) ?? 0) >= at) continue
      this.#seen.set(instrument, at)
      this.#written.set(instrument, this.written(instrument) + 1)
      any = true
    }
    if (any) this.#writtenAll++
    if (scoredMs > this.#scoredMs) { this.#scoredMs = scoredMs; this.#scored++ }
  }

  start(): void {
    // Unref'd: the feed never keeps a process alive on its own; a failed poll is retried on the next tick.
    this.#timer = setInterval(() => {
      if (this.#polling) return
      this.#polling = this.poll().catch((e: unknown) => this.log(`change feed: ${(e as Error).message}`)).finally(() => { this.#polling = undefined })
    }, this.everyMs)
    this.#timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    await this.#polling
  }
}
