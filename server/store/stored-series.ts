import type { StoreClient } from './client.ts'

/** What the store holds for one parameter and setup. */
export interface StoredSeries {
  instrument: string
  report: string
  param: string
  setup: string
  count: number
  first: number
  last: number
}

/**
 * Lists every (instrument, report, param, setup) the store holds, with value
 * counts and first/last times (Unix ms). Counts are of stored rows: a
 * preliminary value later replaced by a final one counts once after merges.
 *
 * @example
 * const rows = await readStoredSeries(store) // [{ instrument: 'UVES', param: 'ron_master', count: 3650, ... }]
 */
export async function readStoredSeries(store: StoreClient): Promise<StoredSeries[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, any(report), param, setup, count(),
        toUnixTimestamp64Milli(min(ts)), toUnixTimestamp64Milli(max(ts))
      FROM ${store.database}.qc_values FINAL
      GROUP BY instrument, param, setup ORDER BY instrument, param, setup`,
    format: 'JSONCompactEachRow',
  })
  const rows = await rs.json<[string, string, string, string, string, string, string]>()
  return rows.map(([instrument, report, param, setup, count, first, last]) => ({
    instrument, report, param, setup, count: Number(count), first: Number(first), last: Number(last),
  }))
}
