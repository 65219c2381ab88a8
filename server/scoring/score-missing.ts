import type { Services } from '../services.ts'

/**
 * Finds values that have no score yet (written just before a crash, or loaded
 * with scoring off) and queues scoring from the earliest of them, per
 * instrument. Run at start-up; costs one anti-join over the store.
 *
 * @example
 * await scoreMissing(services); await services.scoring.idle()
 */
export async function scoreMissing(s: Services): Promise<number> {
  const db = s.store.database
  const rs = await s.store.client.query({
    query: `SELECT instrument, toUnixTimestamp64Milli(min(ts)) AS from, groupUniqArray(param) AS params, count() AS n
      FROM ${db}.qc_values AS v LEFT ANTI JOIN ${db}.qc_scores AS sc USING (instrument, param, setup, ts, product)
      GROUP BY instrument`,
    format: 'JSONEachRow',
  })
  let total = 0
  for (const r of await rs.json<{ instrument: string; from: string; params: string[]; n: string }>()) {
    s.scoring.request(r.instrument, r.params, Number(r.from))
    total += Number(r.n)
  }
  return total
}
