import { serve } from '@hono/node-server'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../server/app.ts'
import { loadCatalogues } from '../server/catalogue/load-catalogues.ts'
import { openStore } from '../server/store/open-store.ts'
import { buildServices } from '../server/services.ts'
import { loadDemoHistory } from '../seeds/load-demo.ts'
import { benchIngest } from './ingest-bench.ts'
import { benchSeries } from './series-bench.ts'
import { benchProducts } from './products-bench.ts'
import { benchScoring } from './scoring-bench.ts'
import { benchDashboard } from './dashboard-bench.ts'
import { benchAlerts } from './alerts-bench.ts'
import { benchExport, benchStreaming } from './export-bench.ts'
import { benchCalchecker } from './calchecker-bench.ts'
import { benchMixed } from './mixed-bench.ts'
import { benchTsdb } from './tsdb-bench.ts'
import { benchDrift } from './drift-bench.ts'
import { fmt, peakRssMiB } from './stats.ts'

/**
 * `npm run bench`: prints figures (no pass/fail). Each scale runs in its own
 * embedded store in a temporary folder. The server runs in this process, so
 * "peak RSS" is that of server and benchmark client together.
 * Usage: npm run bench [-- --scales 1,10] [--only tsdb,ingest,mixed,series,products,scoring,dashboard,alerts,export,drift,calchecker]
 * (tsdb: issue 16's workload, 2 instruments per scale step, with the engine's own figures beside qcloop's)
 */
async function runScale(density: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `qcloop-bench-${density}x-`))
  const store = await openStore({ dataDir: dir, database: 'qcloop' })
  const services = await buildServices(store, loadCatalogues('qc-params'), { autoScore: false })
  const writer = services.writer
  const token = 'bench-token'
  const app = createApp(services, { token, maxBodyBytes: 64 << 20, webRoot: 'dist/web' })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  console.log(`\n== history ${density}x the demo's ==`)
  const seeded = await loadDemoHistory(writer, { endMs: Date.now(), density }, null)
  console.log(`seeding ${fmt(seeded.values)} values through the writer: ${fmt(seeded.ms / 1000, 1)} s (${fmt(seeded.values / (seeded.ms / 1000))} values/s)`)
  if (want('tsdb')) for (const line of await benchTsdb(store, density)) console.log(line)
  if (want('ingest')) for (const line of await benchIngest(store, url, token, `${density}`)) console.log(line)
  if (want('mixed')) for (const line of await benchMixed(url, token, `${density}`)) console.log(line)
  if (want('series')) for (const line of await benchSeries(store, writer, url, `${density}`)) console.log(line)
  if (density === 1 && want('products')) for (const line of await benchProducts(store, writer, url, token)) console.log(line)
  if (want('scoring')) for (const line of await benchScoring(services, url, token, `${density}`)) console.log(line)
  else {
    // Later parts (dashboard, export, calChecker) read scores: score the history even when its timing is not wanted.
    for (const c of services.catalogues()) services.scoring.request(c.instrument, null, 0)
    await services.scoring.idle()
  }
  if (density === 1 && want('dashboard')) for (const line of await benchDashboard(url)) console.log(line)
  if (want('alerts')) for (const line of await benchAlerts(services, url, token)) console.log(line)
  if (density === 1 && want('export')) for (const line of await benchExport(url)) console.log(line)
  if (want('export')) for (const line of await benchStreaming(url, token)) console.log(line)
  if (want('drift')) for (const line of await benchDrift(services, `${density}`)) console.log(line)
  if (density === 1 && want('calchecker')) for (const line of await benchCalchecker(services, url, token)) console.log(line)
  // What a Prometheus scrape of this server would have seen by now.
  const scrape = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()
  const total = (name: string) => scrape.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `)).reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
  console.log(`GET /metrics: ${fmt(total('qcloop_values_written_total'))} values written, ${fmt(total('qcloop_http_requests_total'))} requests, ${fmt(total('qcloop_http_request_duration_seconds_count'))} timed, ${fmt(total('qcloop_scoring_passes_total'))} scoring passes, ${fmt(total('qcloop_ingest_values_total'))} values received, ${fmt(total('qcloop_store_query_duration_seconds_count'))} store statements timed`)
  await store.client.command({ query: `OPTIMIZE TABLE ${store.database}.qc_values FINAL` })
  const rs = await store.client.query({
    query: `SELECT sum(rows) AS r, sum(bytes_on_disk) AS b FROM system.parts WHERE database = {db:String} AND table = 'qc_values' AND active`,
    query_params: { db: store.database }, format: 'JSONEachRow',
  })
  const [{ r, b }] = await rs.json<{ r: string; b: string }>()
  console.log(`size on disk: ${fmt(Number(b) / 1048576, 1)} MiB for ${fmt(Number(r))} values = ${fmt(Number(b) / Number(r), 1)} bytes/value (after merges)`)
  console.log(`peak RSS (server + bench client, one process): ${fmt(peakRssMiB())} MiB`)
  server.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
}

const only = process.argv.indexOf('--only')
const parts = only > 0 ? new Set(process.argv[only + 1].split(',')) : null
const want = (part: string) => !parts || parts.has(part)
const arg = process.argv.indexOf('--scales')
const scales = arg > 0 ? process.argv[arg + 1].split(',').map(Number) : [1, 10]
console.log(`qcloop bench — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores`)
for (const s of scales) await runScale(s)
// Servers of the parts (and the engine's threads) would keep the process alive: a bench ends when its figures are printed.
process.exit(0)
