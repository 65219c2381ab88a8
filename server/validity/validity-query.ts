import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import { globToRegex } from '../scoring/rule-versions.ts'
import type { StoreClient } from '../store/client.ts'
import { readCalibLatest, type CalibLatest } from '../store/health-read.ts'
import type { NightClock } from '../time/night.ts'
import { validityLine, type CalibrationsSeen, type ValidityLine } from './validity-status.ts'

/** How far back setups "in use" are looked for when a validity entry names none (nights). */
const IN_USE_NIGHTS = 180

type Latest = CalibLatest

/**
 * Validity of every declared calibration type and setup of the given
 * instruments, from the newest-calibration table the scorer maintains (one small read for all of them). A setup
 * glob of the catalogue is one coverage unit: its newest good calibration is
 * the newest over the setups it matches.
 *
 * @example
 * const byInstrument = await readValidity(store, catalogues, Date.now(), new NightClock(21))
 */
export async function readValidity(store: StoreClient, cats: InstrumentCatalogue[], nowMs: number, clock: NightClock): Promise<Map<string, ValidityLine[]>> {
  const out = new Map<string, ValidityLine[]>()
  const wanted = cats.filter((c) => c.validity.length > 0)
  if (wanted.length === 0) return out
  const byInstrument = new Map<string, Latest[]>()
  for (const l of await readCalibLatest(store, wanted.map((c) => c.instrument))) {
    if (!byInstrument.has(l.instrument)) byInstrument.set(l.instrument, [])
    byInstrument.get(l.instrument)!.push(l)
  }
  const inUseSince = nowMs - IN_USE_NIGHTS * 86_400_000
  for (const cat of wanted) {
    const lines: ValidityLine[] = []
    const latest = byInstrument.get(cat.instrument) ?? []
    for (const v of cat.validity) {
      const ofReport = latest.filter((l) => l.report === v.report)
      const units = v.setups ?? ofReport.filter((l) => l.any >= inUseSince).map((l) => l.setup).sort()
      for (const unit of units) {
        const re = v.setups ? new RegExp(globToRegex(unit)) : null
        const seen: CalibrationsSeen = { setup: unit }
        const matches: string[] = []
        for (const l of ofReport) {
          if (re ? !re.test(l.setup) : l.setup !== unit) continue
          matches.push(l.setup)
          seen.anyTs = Math.max(seen.anyTs ?? 0, l.any)
          if (l.nGood > 0 && l.good > (seen.goodTs ?? 0)) { seen.goodTs = l.good; seen.goodProduct = l.goodProduct }
        }
        const line = validityLine(v.report, v.nights, seen, nowMs, clock)
        lines.push(re ? { ...line, matches: [...new Set(matches)].sort() } : line)
      }
    }
    out.set(cat.instrument, lines)
  }
  return out
}
