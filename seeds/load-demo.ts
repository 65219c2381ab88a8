import { validateRows } from '../server/ingest/validate-rows.ts'
import type { ValuesWriter } from '../server/store/values-writer.ts'
import { estimateValues, generateHistory, type GenerateOptions } from './generate.ts'
import { ProgressBar } from '../server/cli/progress-bar.ts'

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
