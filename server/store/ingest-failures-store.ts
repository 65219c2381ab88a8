import type { StoreClient } from './client.ts'

/** Records a product file refused at ingestion ('' instrument: the file did not say which). */
export async function writeIngestFailure(store: StoreClient, f: { instrument: string; atMs: number; file: string; reason: string }): Promise<void> {
  await store.client.insert({
    table: `${store.database}.qc_ingest_failures`, format: 'JSONEachRow',
    values: [{ instrument: f.instrument, at: f.atMs, file: f.file.slice(0, 500), reason: f.reason.slice(0, 1000) }],
  })
}

/** Refusals per instrument since `sinceMs`, with the newest one's file and reason. */
export async function readRecentFailures(store: StoreClient, sinceMs: number): Promise<{ instrument: string; n: number; file: string; reason: string; first: number }[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, count() AS n, argMax(file, at) AS file, argMax(reason, at) AS reason, toUnixTimestamp64Milli(min(at)) AS first
      FROM ${store.database}.qc_ingest_failures WHERE at >= fromUnixTimestamp64Milli({since:Int64}, 'UTC') GROUP BY instrument ORDER BY instrument`,
    query_params: { since: sinceMs }, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  })
  return (await rs.json<{ instrument: string; n: number; file: string; reason: string; first: number }>()).map((r) => ({ ...r, n: Number(r.n), first: Number(r.first) }))
}
