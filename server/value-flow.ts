import type { ScoringQueue } from './scoring/scoring-queue.ts'
import type { ValuesWriter } from './store/values-writer.ts'
import type { StoreClient } from './store/client.ts'
import { logScored } from './store/write-log.ts'
import type { Logger } from './log/logger.ts'

/**
 * How an accepted QC1 value flows, in one place:
 *
 *   API / products / landing folder / qcloop ingest
 *     → ValuesWriter.write (idempotent, all-or-nothing)           server/store/values-writer.ts
 *     → ScoringQueue.request (merged per instrument, in SQL)       scoreWhatIsWritten
 *     → caches of derived views see a new generation               countScoreChanges
 *     → the alert engine evaluates, the outbox sends               alertOnScores (alerts/alerting.ts)
 *
 * When several processes share the store (QCLOOP_ROLE api/worker), the step from write to scoring
 * goes through the store instead: the writer logs what stands (store/write-log.ts), the worker's
 * watermark (scoring/watermark.ts) scores it, logScoringPasses tells the api processes' caches
 * (concurrency/change-feed.ts).
 *
 * Each step is a listener registered by one of these functions; nothing else registers one.
 *
 * @example
 * scoreWhatIsWritten(writer, scoring, () => auto)
 */
export function scoreWhatIsWritten(writer: ValuesWriter, scoring: ScoringQueue, enabled: () => boolean): void {
  writer.onWritten((w) => { if (enabled()) scoring.request(w.instrument, w.params, w.fromMs) })
}

/** Counts scoring passes, so caches of derived views (series, health) know when they are stale. */
export function countScoreChanges(scoring: ScoringQueue, bump: () => void): void {
  scoring.onScored(() => bump())
}

/** Evaluates alerts after every scoring pass: seconds from a bad value to an email. */
export function alertOnScores(scoring: ScoringQueue, evaluate: () => void): void {
  scoring.onScored(() => evaluate())
}

/** Logs each scoring pass in the store, so other processes' caches of scored views notice (shared store only). */
export function logScoringPasses(scoring: ScoringQueue, store: StoreClient, clock: () => number, log: Logger): void {
  scoring.onScored(() => { void logScored(store, clock()).catch((e: unknown) => log.error(`write log: ${(e as Error).message}`)) })
}
