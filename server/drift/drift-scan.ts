import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { InstrumentEvent } from '../events/event.ts'
import { inScope } from '../events/event-scope.ts'
import type { StoreClient } from '../store/client.ts'
import { readDriftInputs, writeDrift, type DriftRow } from '../store/drift-store.ts'
import { readSeriesStates } from '../store/health-read.ts'
import { finiteLimit } from '../store/score-sql.ts'
import { readEvents } from '../store/events-store.ts'
import { driftVerdict } from './drift-verdict.ts'

const DAY = 86_400_000

/**
 * Refreshes the drift verdicts of an instrument's scored series after a scoring pass: per series
 * the values of the trailing window after its last baseline reset (values marked false are not
 * there), judged against the limits of its newest value. One read of the window, one write.
 *
 * @example
 * await scanDrift(store, catalogue, 'UVES', ['ron_master'], Date.now(), Date.now())
 */
export async function scanDrift(store: StoreClient, cat: InstrumentCatalogue | undefined, instrument: string, params: string[], nowMs: number, at: number): Promise<number> {
  if (!cat || !cat.drift.enabled || params.length === 0) return 0
  const o = cat.drift
  const states = new Map((await readSeriesStates(store, instrument)).map((r) => [`${r[2]}\u0000${r[3]}`, r]))
  const resets = (await readEvents(store, instrument, 0, nowMs)).filter((e) => e.resetsBaseline)
  const rows: DriftRow[] = []
  let n = 0
  for (const s of await readDriftInputs(store, instrument, params, nowMs - o.windowDays * DAY)) {
    // ~1 ms of arithmetic per series (Theil–Sen on a 90-day window): let requests in between, an IFU instrument has hundreds.
    if (++n % 16 === 0) await new Promise((r) => setImmediate(r))
    const st = states.get(`${s.param}\u0000${s.setup}`)
    if (!st) continue
    const [, , , , , , , , , , , wlo, whi, clo, chi] = st
    const from = lastReset(resets, instrument, s)
    const k = from === null ? 0 : s.t.findIndex((t) => t >= from)
    const t = k < 0 ? [] : s.t.slice(k), y = k < 0 ? [] : s.y.slice(k)
    const f = driftVerdict(t, y, { warning: [finiteLimit(wlo), finiteLimit(whi)], critical: [finiteLimit(clo), finiteLimit(chi)] }, nowMs, o)
    rows.push({ instrument, param: s.param, setup: s.setup, cause: f?.cause ?? '', finding: f ? JSON.stringify(f) : '' })
  }
  await writeDrift(store, rows, at)
  return rows.filter((r) => r.cause !== '').length
}

/** The newest baseline reset in the series' scope, ms (null: none). */
function lastReset(events: InstrumentEvent[], instrument: string, s: { report: string; param: string; setup: string }): number | null {
  let at: number | null = null
  for (const e of events) if (inScope(e, { instrument, report: s.report, param: s.param, setup: s.setup }) && (at === null || e.atMs > at)) at = e.atMs
  return at
}
