import type { StoreClient } from '../server/store/client.ts'
import { ValuesWriter } from '../server/store/values-writer.ts'
import { fmt, median, peakRssMiB } from './stats.ts'

const BATCH = 100_000

/** Rows of a synthetic instrument, disjoint from the demo history (different instrument name). */
function rows(instrument: string, batch: number) {
  const t0 = Date.UTC(2012, 0, 1) + batch * BATCH * 60_000
  return Array.from({ length: BATCH }, (_, i) => ({
    instrument, report: 'BIAS', param: `param_${i % 40}`, setup: `Chip ${i % 4}, 100Kps/2ports/high_gain, 2x2`,
    ts: new Date(t0 + i * 60_000).toISOString(), value: Number((1 + Math.sin(i / 100) * 0.1).toPrecision(7)), product: `${instrument}.${t0 + i}.fits`,
  }))
}

/**
 * Ingest throughput through POST /api/v1/measurements (NDJSON, 100,000 values a request) next to a
 * direct @clickhouse/client insert of the same rows into the same store.
 */
export async function benchIngest(store: StoreClient, url: string, token: string, tag: string): Promise<string[]> {
  const api: number[] = [], direct: number[] = []
  for (let b = 0; b < 3; b++) {
    const body = rows(`BENCH_API_${tag}`, b).map((r) => JSON.stringify(r)).join('\n')
    const t = performance.now()
    const res = await fetch(`${url}/api/v1/measurements`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } })
    const answer = await res.json()
    if (answer.accepted !== BATCH) throw new Error(`bench ingest refused: ${JSON.stringify(answer).slice(0, 300)}`)
    api.push(BATCH / ((performance.now() - t) / 1000))
  }
  for (let b = 0; b < 3; b++) {
    const rs = rows(`BENCH_DIRECT_${tag}`, b)
    const t = performance.now()
    await store.client.insert({
      table: `${store.database}.qc_values`,
      columns: ['instrument', 'param', 'setup', 'ts', 'product', 'report', 'value', 'status', 'ingested_at'],
      values: rs.map((r) => [r.instrument, r.param, r.setup, Date.parse(r.ts), r.product, r.report, r.value, 2, Date.now()]),
      format: 'JSONCompactEachRow',
    })
    direct.push(BATCH / ((performance.now() - t) / 1000))
  }
  // The writer alone, as one process (QCLOOP_ROLE=all) and as one of several (api: staged, claimed, logged).
  const writerRate = async (shared: boolean, tag2: string) => {
    const w = new ValuesWriter(store, Date.now, { shared })
    const xs: number[] = []
    for (let b = 0; b < 3; b++) {
      const rs = rows(`BENCH_${tag2}_${tag}`, b).map((r) => ({ ...r, tsMs: Date.parse(r.ts), status: 2 as const }))
      const t = performance.now()
      await w.write(rs)
      xs.push(BATCH / ((performance.now() - t) / 1000))
    }
    return median(xs)
  }
  const lone = await writerRate(false, 'LONE'), shared = await writerRate(true, 'SHARED')
  const a = median(api), d = median(direct)
  return [
    `ingest via POST /api/v1/measurements (NDJSON, 100k/request, median of 3): ${fmt(a)} values/s   [target >= 150,000]`,
    `direct @clickhouse/client insert of the same rows (median of 3):          ${fmt(d)} values/s`,
    `API / direct: ${fmt((a / d) * 100, 1)} %   [target >= 70 %]   peak RSS so far: ${fmt(peakRssMiB())} MiB`,
    `the writer alone (100k/batch, median of 3): one process ${fmt(lone)} values/s; one of several api processes (staged, claimed, logged) ${fmt(shared)} values/s = ${fmt((shared / lone) * 100, 1)} %`,
  ]
}
