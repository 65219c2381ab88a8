import type { StoreClient } from '../store/client.ts'
import { readWrittenBetween } from '../store/write-log.ts'
import type { ScoringQueue } from './scoring-queue.ts'

/**
 * A worker's way of finding what to score when other processes write (QCLOOP_ROLE=worker): every
 * `everyMs` it reads the store's ingestion log (write-log.ts) for what was written since its watermark and queues their
 * scoring; no in-process callback is needed. The window ends `lagMs` before now, so an insert
 * stamped just before a poll but committed just after it is still seen by the next one (inserts
 * must commit within lagMs, and the processes' clocks agree to well within it); a value that
 * slips through anyway is scored by the unscored-values sweep at the next start.
 *
 * @example
 * const w = new WatermarkScoring(store, scoring, Date.now); w.start()
 */
export class WatermarkScoring {
  #watermark: number
  #timer?: ReturnType<typeof setInterval>
  #busy = false
  constructor(private store: StoreClient, private scoring: ScoringQueue, private clock: () => number, private o: { lagMs?: number; everyMs?: number; log?: (l: string) => void } = {}) {
    this.#watermark = clock() - (o.lagMs ?? 2000)
  }

  start(): void {
    this.#timer ??= setInterval(() => { void this.tick() }, this.o.everyMs ?? 2000)
    this.#timer.unref?.()
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** One poll: queue scoring for what was ingested in (watermark, now - lag]. Returns how many instruments were queued. */
  async tick(): Promise<number> {
    if (this.#busy) return 0
    this.#busy = true
    try {
      const to = this.clock() - (this.o.lagMs ?? 2000)
      if (to <= this.#watermark) return 0
      const written = await readWrittenBetween(this.store, this.#watermark, to)
      for (const w of written) this.scoring.request(w.instrument, w.params, w.fromMs)
      this.#watermark = to
      return written.length
    } catch (e) {
      this.o.log?.(`watermark scoring: ${(e as Error).message}`)
      return 0
    } finally {
      this.#busy = false
    }
  }
}
