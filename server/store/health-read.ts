import type { StoreClient } from './client.ts'
import { LIVE_STATES } from './state-sql.ts'

/** A series' newest scored value: instrument, report, param, setup, t (ms, as text), value, product, score, cause, rule, reference, limits. */
export type SeriesStateRow = [string, string, string, string, string, number, string, number, string, string, number, number, number, number, number]

/**
 * The newest scored value of every series (of one instrument): what the health monitor shows,
 * from the small table the scorer maintains — never the value history.
 */
export async function readSeriesStates(store: StoreClient, only?: string): Promise<SeriesStateRow[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, report, param, setup, toUnixTimestamp64Milli(ts) AS t, value, product, score, cause, rule_id,
        reference, warn_lo, warn_hi, crit_lo, crit_hi FROM ${LIVE_STATES(store.database)} ${only ? 'WHERE instrument = {i:String}' : ''} ORDER BY instrument, report, param, setup`,
    query_params: { i: only ?? '' }, format: 'JSONCompact',
  })
  return (await rs.json<SeriesStateRow>()).data
}

/** Worst score per series and night since `firstNight` (YYYY-MM-DD): night, instrument, param, setup, score. */
export async function readNightScores(store: StoreClient, firstNight: string, only?: string): Promise<[string, string, string, string, number][]> {
  const rs = await store.client.query({
    query: `SELECT toString(night), instrument, param, setup, score FROM ${store.database}.qc_night_scores FINAL
      WHERE night >= {first:Date} ${only ? 'AND instrument = {i:String}' : ''}`,
    query_params: { first: firstNight, i: only ?? '' }, format: 'JSONCompact',
  })
  return (await rs.json<[string, string, string, string, number]>()).data
}

/** The newest (good and any) calibration per instrument, report and setup. */
export interface CalibLatest { instrument: string; report: string; setup: string; good: number; goodProduct: string; any: number; nGood: number }

/** Newest calibrations of the given instruments, from the table the scorer maintains (one small read). */
export async function readCalibLatest(store: StoreClient, instruments: string[]): Promise<CalibLatest[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, report, setup, toUnixTimestamp64Milli(good_ts), good_product, toUnixTimestamp64Milli(any_ts), n_good
      FROM ${store.database}.qc_calib_latest FINAL WHERE instrument IN {i:Array(String)}`,
    query_params: { i: instruments }, format: 'JSONCompact',
  })
  return (await rs.json<[string, string, string, string, string, string, number]>()).data.map(([instrument, report, setup, good, goodProduct, any, nGood]) =>
    ({ instrument, report, setup, good: Number(good), goodProduct, any: Number(any), nGood: Number(nGood) }))
}
