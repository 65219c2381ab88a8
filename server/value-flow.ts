import type { ScoringQueue } from './scoring/scoring-queue.ts'
import type { ValuesWriter } from './store/values-writer.ts'

/**
 * How an accepted QC1 value flows, in one place:
 *
 *   API / products / landing folder / qcloop ingest
 *     → ValuesWriter.write (idempotent, all-or-nothing)           server/store/values-writer.ts
 *     → ScoringQueue.request (merged per instrument, in SQL)       scoreWhatIsWritten
 *     → caches of derived views see a new generation               countScoreChanges
 *     → the alert engine evaluates, the outbox sends               alertOnScores (alerts/alerting.ts)
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
