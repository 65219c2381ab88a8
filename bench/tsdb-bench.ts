import { serve } from '@hono/node-server'
import { Readable } from 'node:stream'
import { createApp } from '../server/app.ts'
import { parseCatalogue } from '../server/catalogue/load-catalogues.ts'
import { buildServices, type Services } from '../server/services.ts'
import type { StoreClient } from '../server/store/client.ts'
import { migrate } from '../server/store/migrations.ts'
import { fmt, median, timeRuns } from './stats.ts'

/**
 * Issue 16's workload, the shape a time-series database is compared on: N instruments × 40
 * parameters × 3 setups × 10 years daily, sent in arrival order (day by day) in batches of
 * 100,000 values. Every qcloop figure stands next to the engine's own raw query for the same
 * answer, in the same run, on the same store ("floor"); the ratio is what to read.
 */
const PARAMS = 40, SETUPS = ['A', 'B', 'C'], DAYS = 3653, BATCH = 100_000, DAY = 86_400_000
const T0 = Date.UTC(2016, 0, 1, 10)

/** A synthetic instrument: 40 parameters, half with fixed limits, half statistical (30 values). */
export function catalogue(name: string) {
  const params = Array.from({ length: PARAMS }, (_, p) => `      - { name: p${p}, keyword: "ESO QC P${p}", unit: ADU, class: CAL }`).join('\n')
  const rules = Array.from({ length: PARAMS }, (_, p) => p % 2 === 0
    ? `  - { param: p${p}, type: fixed, warning: [8.5, 11.5], critical: [8, 12] }`
    : `  - { param: p${p}, type: statistical, window: { values: 30 }, warning: 3, critical: 5 }`).join('\n')
  return parseCatalogue(`${name}.yaml`, `instrument: ${name}\ninstrume: [${name}]\nsetup: { keys: [], label: default }\nreports:\n  - name: BIAS\n    pro_catg: [MASTER_BIAS]\n    params:\n${params}\nrules:\n${rules}\n`)
}

/** Value of series (i, p, s) on day d: a slow wave plus deterministic noise, an outlier now and then. */
function value(i: number, p: number, s: number, d: number): number {
  let h = (i * 7919 + p * 104_729 + s * 1_299_709 + d * 15_485_863) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
  const noise = (h % 10_000) / 10_000 - 0.5
  return Number((10 + Math.sin(d / 60 + p) * 0.8 + noise * 0.4 + (h % 997 === 0 ? 3 : 0)).toPrecision(8))
}

/** The workload as NDJSON bodies of 100k values, in arrival order. */
export function* batches(instruments: string[]): Generator<{ body: string; n: number; rows: string[] }> {
  let lines: string[] = [], tsv: string[] = []
  for (let d = 0; d < DAYS; d++) {
    const ts = new Date(T0 + d * DAY).toISOString()
    for (let i = 0; i < instruments.length; i++) for (let p = 0; p < PARAMS; p++) for (let s = 0; s < SETUPS.length; s++) {
      const v = value(i, p, s, d), product = `${instruments[i]}.${d}.fits`
      lines.push(`{"instrument":"${instruments[i]}","report":"BIAS","param":"p${p}","setup":"${SETUPS[s]}","ts":"${ts}","value":${v},"product":"${product}"}`)
      tsv.push(`${instruments[i]}\tp${p}\t${SETUPS[s]}\t${T0 + d * DAY}\t${product}\tBIAS\t${v}\t2\t${Date.now()}`)
      if (lines.length === BATCH) { yield { body: lines.join('\n'), n: lines.length, rows: tsv }; lines = []; tsv = [] }
    }
  }
  if (lines.length > 0) yield { body: lines.join('\n'), n: lines.length, rows: tsv }
}

export async function server(store: StoreClient, instruments: string[], autoScore: boolean): Promise<{ s: Services; url: string; close(): void }> {
  await migrate(store)
  const s = await buildServices(store, instruments.map(catalogue), { autoScore })
  const app = createApp(s, { token: 'bench-token', maxBodyBytes: 64 << 20 })
  const srv = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => srv.once('listening', r))
  return { s, url: `http://127.0.0.1:${(srv.address() as { port: number }).port}`, close: () => { srv.close(); void s.close() } }
}

export async function ingest(url: string, instruments: string[], after?: () => Promise<void>): Promise<{ n: number; s: number }> {
  const t = performance.now()
  let n = 0
  for (const b of batches(instruments)) {
    const res = await fetch(`${url}/api/v1/measurements`, { method: 'POST', body: b.body, headers: { 'content-type': 'application/x-ndjson', authorization: 'Bearer bench-token' } })
    const a = await res.json()
    if (a.accepted !== b.n) throw new Error(`tsdb bench: batch refused: ${JSON.stringify(a).slice(0, 300)}`)
    n += b.n
  }
  await after?.()
  return { n, s: (performance.now() - t) / 1000 }
}

/** p50 in ms of an engine query run in-process (no HTTP: the floor). */
async function floor(store: StoreClient, query: string): Promise<number> {
  return median(await timeRuns(15, 3, async () => { await (await store.client.query({ query, format: 'JSONCompact' })).text() }))
}

export async function benchTsdb(base: StoreClient, scale: number): Promise<string[]> {
  const instruments = Array.from({ length: 2 * scale }, (_, i) => `TS${scale}X${i}`)
  const out: string[] = [`-- TSDB workload ${scale}x: ${instruments.length} instruments x ${PARAMS} params x ${SETUPS.length} setups x 10 years daily (${fmt(instruments.length * PARAMS * SETUPS.length * DAYS)} values), arrival order, 100k batches`]
  const ratio = (q: number, f: number) => `${fmt(q, 1)} vs ${fmt(f, 1)} = ${fmt(q / f, 2)}x`

  // Engine floor for ingest: the same rows as TabSeparated straight into a table of the same shape.
  const raw = { ...base, database: `tsdb_raw_${scale}` }
  await raw.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${raw.database}` })
  await raw.client.command({ query: `CREATE TABLE ${raw.database}.v (instrument LowCardinality(String), param LowCardinality(String), setup LowCardinality(String), ts DateTime64(3, 'UTC'), product String, report LowCardinality(String), value Float64, status UInt8, ingested_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY (instrument, param, setup, ts)` })
  const t = performance.now()
  let rawN = 0
  for (const b of batches(instruments)) {
    await raw.bulk.insert({ table: `${raw.database}.v`, values: Readable.from([b.rows.join('\n') + '\n'], { objectMode: false }), format: 'TabSeparated' })
    rawN += b.n
  }
  const rawRate = rawN / ((performance.now() - t) / 1000)

  // qcloop, acknowledged (scoring off), then until scored (a second store, scoring after each batch).
  const ack = await server({ ...base, database: `tsdb_ack_${scale}` }, instruments, false)
  const a = await ingest(ack.url, instruments)
  const scoredStore = { ...base, database: `tsdb_scored_${scale}` }
  const sc = await server(scoredStore, instruments, true)
  const b = await ingest(sc.url, instruments, () => sc.s.scoring.idle())
  ack.close()
  out.push(`ingest acknowledged: ${fmt(a.n / a.s)} values/s; engine TSV insert ${fmt(rawRate)} values/s; qcloop/engine ${fmt(a.n / a.s / rawRate, 2)}   [target >= 1.2x VictoriaMetrics = 0.62x engine at 1x]`)
  out.push(`ingest until every value is scored: ${fmt(b.n / b.s)} values/s (${fmt(b.n / b.s / rawRate, 2)}x engine)   [target >= 1.0x VictoriaMetrics = 0.62x engine]`)

  // Reads on the scored store, uncached (a different maxPoints each call defeats the answer cache).
  const db = scoredStore.database, i0 = instruments[0]
  const where = `instrument = '${i0}' AND param = 'p1' AND setup = 'A'`
  let k = 0
  const reduced = median(await timeRuns(15, 3, () => fetch(`${sc.url}/api/v1/series?instrument=${i0}&param=p1&setup=A&maxPoints=${2000 - (k++ % 40)}`).then((r) => r.arrayBuffer())))
  const reducedFloor = await floor(scoredStore, `SELECT intDiv(toUnixTimestamp64Milli(ts) - ${T0}, ${Math.ceil((DAYS * DAY) / 1000)}) AS b, argMin((ts, value), value), argMax((ts, value), value) FROM ${db}.qc_values WHERE ${where} GROUP BY b ORDER BY b`)
  out.push(`one series 10 y reduced to ~2000 points, uncached p50 ms: ${ratio(reduced, reducedFloor)} engine per-bucket min/max   [target <= 1.2x]`)
  const all = median(await timeRuns(15, 3, () => fetch(`${sc.url}/api/v1/series?instrument=${i0}&param=p1&setup=A&maxPoints=${5000 + k++}`).then((r) => r.arrayBuffer())))
  const allFloor = await floor(scoredStore, `SELECT toUnixTimestamp64Milli(ts), value, product FROM ${db}.qc_values WHERE ${where} ORDER BY ts`)
  out.push(`one series 10 y, all ${fmt(DAYS)} points, uncached p50 ms: ${ratio(all, allFloor)} engine raw read   [target <= 1.2x]`)
  const health = median(await timeRuns(15, 3, () => { sc.s.scoring.notify('none'); return fetch(`${sc.url}/api/v1/health`).then((r) => r.arrayBuffer()) }))
  const healthFloor = await floor(scoredStore, `SELECT instrument, param, setup, argMax(value, ts) FROM ${db}.qc_values GROUP BY instrument, param, setup`)
  out.push(`health (latest value of every series), uncached p50 ms: ${ratio(health, healthFloor)} engine argMax   [target <= 2x VictoriaMetrics]`)
  const year = `from=2020-01-01&to=2020-12-31T23:59:59Z`
  const stats = median(await timeRuns(15, 3, () => fetch(`${sc.url}/api/v1/stats?instrument=${i0}&param=p0&by=year&${year}`).then((r) => r.arrayBuffer())))
  const statsFloor = await floor(scoredStore, `SELECT score, count() FROM ${db}.qc_scores FINAL WHERE instrument = '${i0}' AND param = 'p0' AND ts >= '2020-01-01' AND ts < '2021-01-01' GROUP BY score`)
  out.push(`counts of one parameter-year (GET /api/v1/stats, by year), p50 ms: ${ratio(stats, statsFloor)} engine count by score`)

  // Storage after merges: what qcloop keeps per value (values + scores + products) against the plain table.
  for (const d of [db, raw.database]) for (const tbl of ['qc_values', 'qc_scores', 'qc_products', 'v']) await base.client.command({ query: `OPTIMIZE TABLE ${d}.${tbl} FINAL` }).catch(() => {})
  const rs = await base.client.query({ query: `SELECT database, table, sum(bytes_on_disk) AS b FROM system.parts WHERE active AND database IN ('${db}', '${raw.database}') GROUP BY database, table`, format: 'JSONEachRow' })
  const bytes = new Map((await rs.json<{ database: string; table: string; b: string }>()).map((r) => [`${r.database}.${r.table}`, Number(r.b)]))
  const per = (tbl: string) => (bytes.get(`${db}.${tbl}`) ?? 0) / b.n
  const total = per('qc_values') + per('qc_scores') + per('qc_products')
  out.push(`bytes on disk per value: ${fmt(total, 1)} (values ${fmt(per('qc_values'), 1)} + scores ${fmt(per('qc_scores'), 1)} + products ${fmt(per('qc_products'), 1)}); plain engine table ${fmt((bytes.get(`${raw.database}.v`) ?? 0) / rawN, 1)}   [target <= 1.2x VictoriaMetrics = 16 bytes]`)
  sc.close()
  for (const d of [`tsdb_ack_${scale}`, db, raw.database]) await base.client.command({ query: `DROP DATABASE IF EXISTS ${d}` })
  return out
}
