import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import { globToRegex } from '../scoring/rule-versions.ts'
import type { StoreClient } from '../store/client.ts'
import type { NightClock } from '../time/night.ts'
import { validityLine, type CalibrationsSeen, type ValidityLine } from './validity-status.ts'

/** How far back setups "in use" are looked for when a validity entry names none (nights). */
const IN_USE_NIGHTS = 180

/**
 * Validity of every declared calibration type and setup of one instrument,
 * from the product roll-up (qc_products), computed in ClickHouse.
 *
 * @example
 * const lines = await readValidity(store, catalogue, Date.now(), new NightClock(21))
 */
export async function readValidity(store: StoreClient, cat: InstrumentCatalogue, nowMs: number, clock: NightClock): Promise<ValidityLine[]> {
  const out: ValidityLine[] = []
  for (const v of cat.validity) {
    const globs = v.setups ?? await setupsInUse(store, cat.instrument, v.report, nowMs - IN_USE_NIGHTS * 86_400_000)
    if (globs.length === 0) continue
    const rs = await store.client.query({
      query: `SELECT u.1 AS unit, toUnixTimestamp64Milli(maxIf(ts, score < 3)) AS good, argMaxIf(product, ts, score < 3) AS good_product,
          toUnixTimestamp64Milli(max(ts)) AS any, countIf(score < 3) AS n_good
        FROM ${store.database}.qc_products FINAL
        ARRAY JOIN setups AS setup
        ARRAY JOIN arrayZip({units:Array(String)}, {res:Array(String)}) AS u
        WHERE instrument = {i:String} AND report = {r:String} AND match(setup, u.2)
        GROUP BY unit`,
      query_params: { i: cat.instrument, r: v.report, units: globs, res: globs.map((g) => (v.setups ? globToRegex(g) : `^${escapeRe(g)}$`)) },
      format: 'JSONEachRow',
    })
    const found = new Map((await rs.json<{ unit: string; good: string; good_product: string; any: string; n_good: string }>()).map((r) => [r.unit, r]))
    for (const unit of globs) {
      const r = found.get(unit)
      const seen: CalibrationsSeen = { setup: unit }
      if (r) {
        seen.anyTs = Number(r.any)
        if (Number(r.n_good) > 0) { seen.goodTs = Number(r.good); seen.goodProduct = r.good_product }
      }
      out.push(validityLine(v.report, v.nights, seen, nowMs, clock))
    }
  }
  return out
}

async function setupsInUse(store: StoreClient, instrument: string, report: string, sinceMs: number): Promise<string[]> {
  const rs = await store.client.query({
    query: `SELECT DISTINCT arrayJoin(setups) AS s FROM ${store.database}.qc_products FINAL
      WHERE instrument = {i:String} AND report = {r:String} AND ts >= fromUnixTimestamp64Milli({since:Int64}, 'UTC') ORDER BY s`,
    query_params: { i: instrument, r: report, since: sinceMs },
    format: 'JSONCompactEachRow',
  })
  return (await rs.json<[string]>()).map(([s]) => s)
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
