import { validateRows } from '../server/ingest/validate-rows.ts'
import type { ValuesWriter } from '../server/store/values-writer.ts'
import { estimateValues, generateHistory, type GenerateOptions } from './generate.ts'
import { ProgressBar } from '../server/cli/progress-bar.ts'
import type { CompiledCatalogues } from '../server/catalogue/compiled-catalogues.ts'
import { framesFromObjects } from '../server/calchecker/frames-from-headers.ts'
import { writeFrames } from '../server/store/frames-store.ts'
import type { StoreClient } from '../server/store/client.ts'
import type { NightClock } from '../server/time/night.ts'
import { demoFrames } from './frames.ts'
import { demoEvents } from './events.ts'
import { writeEvent } from '../server/store/events-store.ts'

/**
 * Loads the demo history through the same validation and writer as the API.
 * Returns how many values were stored and how long it took.
 *
 * @example
 * const { values, ms } = await loadDemoHistory(writer, { endMs: Date.now() })
 */
export async function loadDemoHistory(
  writer: ValuesWriter,
  opts: GenerateOptions,
  out: NodeJS.WriteStream | null = process.stderr,
): Promise<{ values: number; ms: number }> {
  const started = Date.now()
  const bar = out ? new ProgressBar(out, estimateValues(opts), 'demo history') : null
  let values = 0
  for (const batch of generateHistory(opts)) {
    const v = validateRows(batch, opts.endMs)
    if (v.problemCount > 0) throw new Error(`demo generator produced invalid rows: ${JSON.stringify(v.problems.slice(0, 3))}`)
    const r = await writer.write(v.rows)
    values += r.accepted
    bar?.update(values)
  }
  bar?.done(values)
  return { values, ms: Date.now() - started }
}

/**
 * Loads the demo's raw frame headers (calChecker) through the same validation
 * and store as POST /api/v1/headers.
 *
 * @example
 * await loadDemoFrames(store, compiled, nights, Date.now()) // 1,400
 */
export async function loadDemoFrames(store: StoreClient, cats: CompiledCatalogues, nights: NightClock, endMs: number): Promise<number> {
  const v = framesFromObjects(cats, demoFrames(endMs, 14, nights.boundaryHour), endMs)
  if (v.problemCount > 0) throw new Error(`demo frames are invalid: ${JSON.stringify(v.problems.slice(0, 3))}`)
  return (await writeFrames(store, v.frames, nights, endMs)).accepted
}

/** Writes the demo's instrument events (an intervention, a scheduled technical night, news); returns how many. */
export async function loadDemoEvents(store: StoreClient, endMs: number): Promise<number> {
  const events = demoEvents(endMs)
  for (const e of events) await writeEvent(store, e)
  return events.length
}
