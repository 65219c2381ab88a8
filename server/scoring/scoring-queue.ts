import type { Scorer } from './scorer.ts'

/** since: when the first write this job answers was asked to be scored (the clock passed to request), ms. */
interface Job { params: Set<string> | null; fromMs: number; since: number }

/**
 * Runs scoring after writes, one job at a time. Requests for the same
 * instrument that pile up while a job runs are merged (union of parameters,
 * earliest start), so a burst of ingestion costs a few scoring passes, not
 * one per batch. Scoring from a time re-scores everything after it, because
 * later values' trailing references may include the new ones.
 *
 * @example
 * writer.onWritten((w) => queue.request(w.instrument, w.params, w.fromMs))
 * await queue.idle()
 */
export class ScoringQueue {
  #pending = new Map<string, Job>()
  #running: Promise<void> | null = null
  #listeners: ((instrument: string) => void)[] = []
  /** When the job now being scored was first requested, ms; null while none runs. */
  #runningSince: number | null = null
  constructor(private scorer: Scorer, private log: (line: string) => void, private clock: () => number = Date.now) {}

  request(instrument: string, params: string[] | null, fromMs: number): void {
    const job = this.#pending.get(instrument)
    if (!job) this.#pending.set(instrument, { params: params ? new Set(params) : null, fromMs, since: this.clock() })
    else {
      job.fromMs = Math.min(job.fromMs, fromMs)
      if (!params) job.params = null
      else if (job.params) for (const p of params) job.params.add(p)
    }
    this.#running ??= this.#drain()
  }

  /** Called after each instrument is scored (alerts, caches). */
  onScored(fn: (instrument: string) => void): void {
    this.#listeners.push(fn)
  }

  /** Tells listeners an instrument's scores changed outside a scoring pass (e.g. a product forced OK). */
  notify(instrument: string): void {
    for (const fn of this.#listeners) fn(instrument)
  }

  /** Instruments waiting for a pass (not counting the one running). */
  pendingCount(): number {
    return this.#pending.size
  }

  /** Scoring lag: how long the oldest request not yet scored has waited (0 when all is scored), ms. */
  lagMs(now: number): number {
    let oldest = this.#runningSince ?? Number.POSITIVE_INFINITY
    for (const j of this.#pending.values()) oldest = Math.min(oldest, j.since)
    return Number.isFinite(oldest) ? Math.max(0, now - oldest) : 0
  }

  /** Resolves when nothing is pending or running. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.size > 0) {
        const [instrument, job] = this.#pending.entries().next().value!
        this.#pending.delete(instrument)
        this.#runningSince = job.since
        try {
          await this.scorer.score(instrument, job.params ? [...job.params] : null, job.fromMs, Number.POSITIVE_INFINITY)
          for (const fn of this.#listeners) fn(instrument)
        } catch (e) {
          this.log(`scoring ${instrument} failed: ${(e as Error).message}`)
        }
      }
    } finally {
      this.#runningSince = null
      this.#running = null
    }
  }
}
