import type { ScoreName } from '../scoring/score.ts'
import { healthShowing } from '../access/public-view.ts'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { gzip } from 'node:zlib'
import { promisify } from 'node:util'
import { runPool } from '../concurrency/run-pool.ts'
import { escapeHtml } from '../text/escape-html.ts'

const gzipAsync = promisify(gzip)

export interface ExportOptions {
  url: string
  out: string
  instruments?: string[]
  /** Folder of the static bundle (vite.static.config.ts output). */
  bundle?: string
  log?: (line: string) => void
  /** A token of any reading role, for a server whose anonymous readers see nothing (QCLOOP_ANONYMOUS=none). */
  token?: string
}

interface CatalogueParam { name: string; public: boolean; count: number; unit: string; class: string | null; catalogued: boolean; description: string; keyword: string | null; setups: unknown[] }
interface Catalogue { instruments: { name: string; description: string; catalogued: boolean; reports: { name: string; description: string; params: CatalogueParam[] }[] }[] }
interface PublicEvent { public: boolean; at: string; by?: string; updated?: string }
interface Health { now: string; newest: string | null; news?: PublicEvent[]; instruments: { name: string; score: ScoreName; causeScore?: ScoreName; reports: { name: string; score: ScoreName; params: { param: string; score: ScoreName }[] }[]; validity: unknown[] }[] }

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_')

/**
 * Writes the public static site from a running server: health monitor, one
 * page per instrument and report with the interactive plots (the same
 * components, in hash-routed static mode), the validity table, and per report
 * CSV/JSON downloads for this year, last year and all time. Only what the
 * catalogue marks public is read (no token is sent) and written, and events
 * marked public; comments, alerts and actions are not exported. Written to a temporary folder and
 * swapped in; when no data changed, no file changes (not even the date).
 *
 * @example
 * await exportSite({ url: 'http://127.0.0.1:8080', out: '/srv/www/qc' })
 */
export async function exportSite(o: ExportOptions): Promise<{ files: number; changed: boolean; ms: number }> {
  const started = Date.now()
  const log = o.log ?? (() => {})
  const get = async (path: string) => {
    // With a token the server answers in full; this export filters to public itself, as it always has.
    const res = await fetch(`${o.url}${path}`, o.token ? { headers: { authorization: `Bearer ${o.token}` } } : undefined)
    if (!res.ok) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`)
    return res
  }
  const files = new Map<string, string | Buffer>()
  const data = (name: string, payload: unknown) => files.set(`data/${name}.js`, `window.__qcloopData(${JSON.stringify(name)}, ${JSON.stringify(payload)});\n`)

  const cat = (await (await get('/api/v1/catalogue')).json()) as Catalogue
  const wanted = (n: string) => !o.instruments?.length || o.instruments.includes(n)
  const publicCat: Catalogue = {
    instruments: cat.instruments.filter((i) => wanted(i.name)).map((i) => ({
      ...i, reports: i.reports.map((r) => ({ ...r, params: r.params.filter((p) => p.public && p.catalogued) })).filter((r) => r.params.length > 0),
    })).filter((i) => i.reports.length > 0),
  }
  const isPublic = new Set(publicCat.instruments.flatMap((i) => i.reports.flatMap((r) => r.params.map((p) => `${i.name}\u0000${p.name}`))))
  const health = (await (await get('/api/v1/health')).json()) as Health
  // Times relative to "now" would change every run: the static page's "now" is the data time.
  const publicHealth = {
    ...health, now: health.newest ?? health.now, newestAgeHours: 0,
    news: [] as unknown[],
    instruments: health.instruments.filter((i) => publicCat.instruments.some((p) => p.name === i.name)).map((i) => ({
      ...healthShowing(i, (p) => isPublic.has(`${i.name}\u0000${p}`)),
      validity: i.validity.map((v) => ({ ...(v as object), ageDays: null })),
    })),
  }
  data('catalogue', publicCat)
  await exportCalchecker(get, data, publicHealth.now, (name) => publicCat.instruments.some((i) => i.name === name))
  // Events marked public (interventions, technical nights, news), for the markers on the trend panels;
  // who entered them and when they were edited stay in the store.
  const news: (PublicEvent & { ageDays: number })[] = []
  const dataTime = Date.parse(publicHealth.now)
  for (const inst of publicCat.instruments) {
    const { events } = (await (await get(`/api/v1/events?instrument=${encodeURIComponent(inst.name)}`)).json()) as { events: PublicEvent[] }
    const shown = events.filter((e) => e.public).map(({ by: _by, updated: _u, ...e }) => e)
    data(`events/${safe(inst.name)}`, { events: shown })
    // The monitor's news as of the data time (as its "now"), so an unchanged store keeps the file unchanged.
    for (const e of shown) {
      const age = (dataTime - Date.parse(e.at)) / 86_400_000
      if (Math.abs(age) <= 30) news.push({ ...e, ageDays: Math.round(age * 10) / 10 })
    }
  }
  publicHealth.news = news.sort((a, b) => b.at.localeCompare(a.at))
  data('health', publicHealth)
  const year = new Date(health.now).getUTCFullYear()
  const periods: [string, string, string][] = [[`${year}`, `${year}-01-01`, ''], [`${year - 1}`, `${year - 1}-01-01`, `${year - 1}-12-31T23:59:59.999Z`], ['all', '', '']]
  const downloads: string[] = []
  const jobs: (() => Promise<void>)[] = []
  for (const inst of publicCat.instruments) {
    for (const rep of inst.reports) {
      for (const p of rep.params.filter((x) => x.count > 0)) {
        // Long series go out reduced to bucket min/max (outliers kept): a public page must stay light.
        const path = `/api/v1/series?instrument=${encodeURIComponent(inst.name)}&param=${encodeURIComponent(p.name)}&maxPoints=1500`
        jobs.push(async () => { data(`series/${safe(inst.name)}/${safe(p.name)}`, publicSeries(await (await get(path)).json())) })
      }
      for (const [label, from, to] of periods) {
        for (const fmt of ['csv', 'json']) {
          const q = new URLSearchParams({ instrument: inst.name, report: rep.name, format: fmt })
          // Public parameters by name: the file is public whatever the server shows anonymous readers.
          for (const p of rep.params) q.append('param', p.name)
          if (from) q.set('from', from)
          if (to) q.set('to', to)
          // Gzipped (a decade of an IFU instrument is hundreds of MB as text); mtime 0 keeps the bytes stable.
          const path = `downloads/${safe(inst.name)}/${safe(rep.name)}_${label}.${fmt}.gz`
          downloads.push(path)
          jobs.push(async () => { files.set(path, await gzipAsync(Buffer.from(await (await get(`/api/v1/values?${q}`)).arrayBuffer()))) })
        }
        if (label === 'all') {
          // The whole history as Parquet too (compressed by the engine already): for pandas and astropy.
          const q = new URLSearchParams({ instrument: inst.name, report: rep.name, format: 'parquet' })
          for (const p of rep.params) q.append('param', p.name)
          const path = `downloads/${safe(inst.name)}/${safe(rep.name)}_all.parquet`
          downloads.push(path)
          jobs.push(async () => { files.set(path, Buffer.from(await (await get(`/api/v1/values?${q}`)).arrayBuffer())) })
        }
      }
    }
  }
  // A few requests at once: the store answers one query at a time, but gzip (thread pool) and
  // JSON work overlap with the next query.
  await runPool(jobs, 4)
  // Same data → same hash → the previous generation time is kept, so no file changes.
  const hash = createHash('sha256')
  for (const k of [...files.keys()].sort()) hash.update(k).update(files.get(k)!)
  const digest = hash.digest('hex')
  const out = resolve(o.out)
  const previous = readMeta(out)
  const generated = previous?.digest === digest ? previous.generated : new Date().toISOString()
  data('meta', { generated, dataTime: health.newest, digest })
  files.set('index.html', indexHtml(generated, health.newest, publicCat, downloads))
  const bundle = o.bundle ?? 'dist/static'
  if (!existsSync(join(bundle, 'qcloop.js'))) throw new Error(`${bundle}/qcloop.js is missing: run "npm run build" first`)
  files.set('assets/qcloop.js', readFileSync(join(bundle, 'qcloop.js'), 'utf8'))
  files.set('assets/qcloop.css', readFileSync(join(bundle, 'qcloop.css'), 'utf8'))

  const changed = previous?.digest !== digest || !existsSync(join(out, 'assets/qcloop.js')) || readFileSync(join(out, 'assets/qcloop.js'), 'utf8') !== files.get('assets/qcloop.js')
  if (!changed) {
    log('no new data: the site is unchanged')
    return { files: files.size, changed: false, ms: Date.now() - started }
  }
  const tmp = `${out}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  for (const [path, text] of files) {
    mkdirSync(dirname(join(tmp, path)), { recursive: true })
    writeFileSync(join(tmp, path), text)
  }
  // Swap: a web server sees the old site or the new one, never half of one.
  const old = `${out}.old-${process.pid}`
  if (existsSync(out)) renameSync(out, old)
  renameSync(tmp, out)
  rmSync(old, { recursive: true, force: true })
  log(`wrote ${files.size} files to ${out}`)
  return { files: files.size, changed: true, ms: Date.now() - started }
}

/**
 * calChecker's public part: the night table, actions and LOST? of every
 * exported instrument, and each night's observations — without OB names and
 * QC0 grades, which are the programme's business. "now" is the data time, so
 * an unchanged store gives unchanged files.
 */
async function exportCalchecker(get: (path: string) => Promise<Response>, data: (name: string, payload: unknown) => void, now: string, wanted: (name: string) => boolean): Promise<void> {
  type Obs = { obName?: string; grade?: string }
  const cc = (await (await get('/api/v1/calchecker')).json()) as { instruments: { now: string; instrument: string; nights: { night: string; files: number }[]; lost: Obs[] }[] }
  const instruments = cc.instruments.filter((r) => wanted(r.instrument)).map(({ now: _, ...r }) => ({ ...r, lost: r.lost.map(({ obName: __, ...l }) => l) }))
  data('calchecker', { now, instruments })
  for (const r of instruments) {
    for (const n of r.nights.filter((x) => x.files > 0)) {
      const f = (await (await get(`/api/v1/calchecker/${encodeURIComponent(r.instrument)}/${n.night}/frames`)).json()) as { observations: Obs[] }
      data(`calchecker/${safe(r.instrument)}/${n.night}`, { ...f, observations: f.observations.map(({ obName: _, grade: __, ...o }) => o) })
    }
  }
}

function readMeta(out: string): { digest: string; generated: string } | null {
  const f = join(out, 'data/meta.js')
  if (!existsSync(f)) return null
  const m = /window\.__qcloopData\("meta", (.*)\);/.exec(readFileSync(f, 'utf8'))
  return m ? JSON.parse(m[1]) : null
}

const esc = escapeHtml

function indexHtml(generated: string, dataTime: string | null, cat: Catalogue, downloads: string[]): string {
  const list = cat.instruments.map((i) => `<li>${esc(i.name)}: ${i.reports.map((r) => `${esc(r.name)} ${['csv.gz', 'json.gz', 'parquet'].map((f) => downloads.filter((d) => d.startsWith(`downloads/${safe(i.name)}/${safe(r.name)}_`) && d.endsWith(f))
    .map((d) => `<a href="${esc(d)}" download>${esc(d.split('_').pop()!)}</a>`).join(' ')).join(' · ')}`).join('; ')}</li>`).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>QC health — public pages</title><link rel="icon" href="data:,"><link rel="stylesheet" href="assets/qcloop.css"></head>
<body><header><a class="brand" href="#/">qcloop</a> <nav><a href="#/">Health monitor</a> <a href="#/calchecker">calChecker</a> <a href="#/catalogue">Parameters</a></nav></header>
<main><p class="generated">Generated ${esc(generated)} from data up to ${esc(dataTime ?? 'none')}.</p><qc-app></qc-app>
<h2>Downloads</h2><p>Values with units, setups and scores; the first line of each CSV says what each column is.</p><ul>${list}</ul></main>
<script src="assets/qcloop.js"></script></body></html>
`
}

/**
 * A series answer as the public may see it: rule versions keep their limits and
 * dates, but not who changed them or why (the audit log is never exported).
 */
function publicSeries(series: { rules?: Record<string, unknown>[] }): unknown {
  return { ...series, rules: (series.rules ?? []).map(({ by: _by, why: _why, ...rule }) => rule) }
}
