import type { StoreClient } from './client.ts'

/**
 * The ingestion log that processes sharing a store read instead of in-process callbacks: a row per
 * instrument for every write that stands ('written': what a worker scores, what api caches
 * notice) and one per scoring pass ('scored'). Kept 7 days (the table's TTL).
 */

/** What one committed write put in the store for one instrument. */
export interface WrittenEntry { instrument: string; params: string[]; fromMs: number }

/** Records writes that stand, stamped with the writer's clock in ms (the worker's watermark reads that clock). */
export async function logWritten(store: StoreClient, entries: WrittenEntry[], atMs: number): Promise<void> {
  if (entries.length === 0) return
  await store.bulk.insert({
    table: `${store.database}.qc_write_log`, format: 'JSONEachRow',
    values: entries.map((e) => ({ kind: 'written', write_id: 0, instrument: e.instrument, params: e.params, from_ts: e.fromMs, saw: [], at: atMs })),
  })
}

/** Records that a scoring pass ran, so other processes' caches of scored views know they are stale. */
export async function logScored(store: StoreClient, atMs: number): Promise<void> {
  await store.client.insert({
    table: `${store.database}.qc_write_log`, format: 'JSONEachRow',
    values: [{ kind: 'scored', write_id: 0, instrument: '', params: [], from_ts: 0, saw: [], at: atMs }],
  })
}

/** Writes logged in (fromMs, toMs], merged per instrument: the parameters and the earliest value time. */
export async function readWrittenBetween(store: StoreClient, fromMs: number, toMs: number): Promise<WrittenEntry[]> {
  const rs = await store.bulk.query({
    query: `SELECT instrument, groupUniqArrayArray(params) AS params, toUnixTimestamp64Milli(min(from_ts)) AS t FROM ${store.database}.qc_write_log
      WHERE kind = 'written' AND at > fromUnixTimestamp64Milli({a:Int64}, 'UTC') AND at <= fromUnixTimestamp64Milli({b:Int64}, 'UTC') GROUP BY instrument`,
    query_params: { a: fromMs, b: toMs }, format: 'JSONEachRow',
  })
  return (await rs.json<{ instrument: string; params: string[]; t: string }>()).map((r) => ({ instrument: r.instrument, params: r.params, fromMs: Number(r.t) }))
}

/**
 * The newest log time (ms) per instrument written and of the last scoring pass, among entries
 * stamped after `sinceMs`: what changed since a previous look. The log is sorted by (kind, at),
 * so a look reads only the recent entries, not the log's seven days.
 */
export async function readChanges(store: StoreClient, sinceMs = 0): Promise<{ written: Map<string, number>; scoredMs: number }> {
  const rs = await store.client.query({
    query: `SELECT kind, instrument, toUnixTimestamp64Milli(max(at)) AS t FROM ${store.database}.qc_write_log
      WHERE kind IN ('written', 'scored') AND at > fromUnixTimestamp64Milli({since:Int64}, 'UTC') GROUP BY kind, instrument`,
    query_params: { since: sinceMs }, format: 'JSONEachRow',
  })
  const written = new Map<string, number>()
  let scoredMs = 0
  for (const r of await rs.json<{ kind: string; instrument: string; t: string }>()) {
    if (r.kind === 'scored') scoredMs = Math.max(scoredMs, Number(r.t))
    else written.set(r.instrument, Number(r.t))
  }
  return { written, scoredMs }
}
