import { serve } from '@hono/node-server'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadDemoEvents, loadDemoFrames, loadDemoHistory } from '../seeds/load-demo.ts'
import { createApp } from './app.ts'
import { loadCatalogues } from './catalogue/load-catalogues.ts'
import { loadDictionaries } from './catalogue/dictionaries.ts'
import { readConfig } from './config.ts'
import { LandingFolder } from './landing/landing-folder.ts'
import { ingestFile } from './landing/ingest-file.ts'
import { scoreMissing } from './scoring/score-missing.ts'
import { reclassifyFrames } from './calchecker/reclassify.ts'
import { buildServices } from './services.ts'
import { openStoreMigrated, storeIsEmpty } from './store/open-store.ts'
import { legacyValueCounts } from './store/rekey-store.ts'
import { rederiveAfterUpgrade } from './scoring/rederive.ts'
import { ensureToken } from './token-file.ts'
import { startAlerting } from '../alerts/alerting.ts'
import { Lease } from '../alerts/lease.ts'
import { WatermarkScoring } from './scoring/watermark.ts'
import { hostname } from 'node:os'
import { exportSite } from './export/export-site.ts'
import { backupAndPrune } from './backup/scheduled-backup.ts'
import { monitorWeights } from '../alerts/policy-schema.ts'
import { PolicyFile } from '../alerts/policy-file.ts'
import { createLogger, type Logger } from './log/logger.ts'

/**
 * `npm start`: opens the store (embedded unless CLICKHOUSE_URL), migrates,
 * seeds an empty store with the demo history, scores what is unscored,
 * serves API and dashboard, and watches the landing folder when configured.
 */
let log: Logger = createLogger({ format: process.stdout.isTTY ? 'pretty' : 'json' })

async function main(): Promise<void> {
  const cfg = readConfig(process.env)
  log = createLogger({ format: cfg.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'), level: cfg.logLevel })
  for (const secret of secretsOf(cfg)) log.secret(secret)
  const catalogues = loadCatalogues(resolve(cfg.catalogues))
  const { store, ran: migrations } = await openStoreMigrated(cfg)
  // QCLOOP_CLOCK: the clock starts at that instant and runs on (demos and tests independent of the hour).
  const offset = cfg.clockStartMs === undefined ? 0 : cfg.clockStartMs - Date.now()
  const clock = offset === 0 ? Date.now : () => Date.now() + offset
  const policyFile = new PolicyFile(resolve(cfg.alertPolicy), cfg.alertTo)
  const policy = policyFile.current()
  const s = await buildServices(store, catalogues, { dayBoundaryHour: cfg.dayBoundaryHour, autoScore: false, clock, fitsBudgetMs: cfg.fitsBudgetMs, fitsLimits: { maxDataBytes: cfg.fitsMaxDataBytes }, monitor: monitorWeights(policy), shared: cfg.role !== 'all', dictionaries: loadDictionaries(cfg.dictionaries), log })
  if (s.dictionaries.files.length > 0) log.info(`ESO QC dictionaries: ${s.dictionaries.size} keywords from ${s.dictionaries.files.length} file(s) (QCLOOP_DICTIONARIES)`)
  const bootstrap = ensureToken(cfg)
  const token = bootstrap.token
  log.secret(token)
  if (cfg.seed && (await storeIsEmpty(store))) {
    log.info('Empty store: loading the demo history (set QCLOOP_SEED=0 to skip)…')
    const { values, ms } = await loadDemoHistory(s.writer, { endMs: s.clock(), days: cfg.seedDays })
    log.info(`Loaded ${values.toLocaleString('en')} demo values in ${(ms / 1000).toFixed(1)} s (${Math.round(values / (ms / 1000)).toLocaleString('en')} values/s).`)
    log.info(`Loaded ${(await loadDemoFrames(store, s.compiled(), s.nights, s.clock())).toLocaleString('en')} demo raw-frame headers (calChecker).`)
    log.info(`Loaded ${await loadDemoEvents(store, s.clock())} demo instrument events (an intervention, a technical night, news).`)
  }
  for (const c of await reclassifyFrames(store, s.catalogues(), s.clock())) {
    log.info(`calChecker rules changed: ${c.frames} ${c.instrument} frame(s) reclassified ${c.from || '(unclassified)'} → ${c.to || '(unclassified)'}`)
  }
  const t0 = Date.now()
  const upgraded = await rederiveAfterUpgrade(s, migrations)
  if (upgraded > 0) {
    log.info(`Upgraded store (${migrations.join(', ')}): re-deriving scores, health states and roll-ups of ${upgraded} instrument(s)…`)
    await s.scoring.idle()
    log.info(`Re-derived in ${((Date.now() - t0) / 1000).toFixed(1)} s.`)
  }
  // Values kept under product names from before product identities: say once how to re-key them.
  // In the background: on a large store the count is a scan, and nothing at start waits for it.
  void legacyValueCounts(store).then((left) => {
    for (const l of left) log.warn(`${l.instrument}: ${l.values.toLocaleString('en')} values of ${l.products} products are stored under pre-identity product names; re-send their files with \`qcloop ingest --rekey <files or folders>\` (admin token) to move them to their identities`)
  }, (e: Error) => log.warn(`could not count values under pre-identity product names: ${e.message}`))
  const missing = await scoreMissing(s)
  if (missing > 0) {
    log.info(`Scoring ${missing.toLocaleString('en')} unscored values…`)
    await s.scoring.idle()
    log.info(`Scored in ${((Date.now() - t0) / 1000).toFixed(1)} s.`)
  }
  // QCLOOP_ROLE: an api process writes and reads only; a worker scores what any process wrote
  // (watermark), alerts (while it holds the lease), watches the landing folder and exports.
  const worker = cfg.role !== 'api'
  s.setAutoScore(cfg.role === 'all')
  const watermark = cfg.role === 'worker' ? new WatermarkScoring(store, s.scoring, s.clock, { log: (l) => log.warn(l, { component: 'watermark' }) }) : undefined
  watermark?.start()
  // One alerting process among all qcloop processes on this store: a lease with an expiry (alerts/lease.ts).
  const lease = new Lease(store, 'alerting', `${hostname()}:${process.pid}`, cfg.leaseTtlMs, s.clock)
  const alerting = worker ? await startAlerting(s, policy, token, { smtpUrl: cfg.smtpUrl, from: cfg.alertFrom, publicUrl: cfg.publicUrl, lease, everyMs: cfg.alertEveryMs, webhookSecrets: cfg.webhookSecrets }) : undefined
  await alerting?.run().catch((e) => log.error(`alerting: ${(e as Error).message}`))
  // A reloaded policy (SIGHUP, or an admin's POST /api/v1/policy/reload): the monitor's weights and the alert engine follow it.
  policyFile.onChange(async (p) => { Object.assign(s.monitor, monitorWeights(p)); await alerting?.reload(p) })
  process.on('SIGHUP', () => {
    policyFile.reload().then((r) => log.info(`Alert policy reloaded from ${r.file} (SIGHUP)`, { ...r }), (e: Error) => log.error(e.message))
  })
  const webRoot = resolve('dist/web')
  const app = createApp(s, { token, anonymous: cfg.anonymous, sso: cfg.sso, maxBodyBytes: cfg.maxBodyBytes, maxScoringLagMs: cfg.maxScoringLagMs, webRoot: existsSync(join(webRoot, 'index.html')) ? 'dist/web' : undefined, onAlertChange: () => { void alerting?.run() }, policy: policyFile })
  const server = serve({ fetch: app.fetch, port: cfg.port, hostname: cfg.host }, (info) => {
    const host = cfg.host === '0.0.0.0' || cfg.host === '::' ? 'localhost' : cfg.host
    log.info(`qcloop on ${store.backend === 'chdb' ? `embedded ClickHouse (${resolve(cfg.dataDir)})` : cfg.clickhouse!.url}`)
    if (cfg.role !== 'all') log.info(`Role: ${cfg.role} (QCLOOP_ROLE)`)
    log.info(`Dashboard: http://${host}:${info.port}/`)
    // Tokens are never logged (a log is read by more people than the token's owner, and kept):
    // the generated one is in its file, readable by qcloop's user only.
    if (bootstrap.generated) log.info(`Admin token: generated into ${bootstrap.file} (mode 0600; read it there, it is never printed)`)
    else log.info(`Admin token: ${bootstrap.file ? `in ${bootstrap.file}` : 'QCLOOP_TOKEN'}`)
    log.info(`Anonymous readers see: ${cfg.anonymous === 'all' ? 'everything' : cfg.anonymous === 'public' ? 'what the public export shows' : 'nothing (a token is needed)'} (QCLOOP_ANONYMOUS=${cfg.anonymous})`)
  })
  // This server as its own scheduled jobs reach it (export and backup are its clients, like the CLI).
  const self = `http://${cfg.host === '0.0.0.0' || cfg.host === '::' ? '127.0.0.1' : cfg.host}:${cfg.port}`
  // Scheduled public export: QCLOOP_EXPORT_DIR and QCLOOP_EXPORT_CRON (node-cron syntax, time zone QCLOOP_EXPORT_TZ).
  if (cfg.export && worker) {
    const ex = cfg.export
    const cron = await import('node-cron')
    cron.schedule(ex.cron, () => {
      exportSite({ url: self, out: resolve(ex.dir), token: cfg.anonymous === 'none' ? token : undefined }).then(
        (r) => log.info(`public export: ${r.changed ? 'written' : 'unchanged'} (${r.files} files, ${(r.ms / 1000).toFixed(1)} s)`),
        (e) => log.error(`public export failed: ${(e as Error).message}`))
    }, { timezone: ex.timezone, noOverlap: true })
    log.info(`Public pages exported to ${resolve(ex.dir)} on "${ex.cron}"`)
  }
  // Scheduled backup: a client of this very server, like `qcloop backup` (consistent while it serves).
  if (cfg.backup && worker) {
    const bk = cfg.backup
    const cron = await import('node-cron')
    mkdirSync(resolve(bk.dir), { recursive: true })
    cron.schedule(bk.cron, () => {
      backupAndPrune(self, token, resolve(bk.dir), bk.keep, Date.now()).then(
        (r) => log.info(`backup written to ${r.dir} (${r.manifest.tables.length} tables)${r.pruned.length ? `; removed ${r.pruned.join(', ')}` : ''}`),
        (e) => log.error(`scheduled backup failed: ${(e as Error).message}`))
    }, { timezone: bk.timezone, noOverlap: true })
    log.info(`Backups to ${resolve(bk.dir)} on "${bk.cron}", keeping ${bk.keep}`)
  }
  let landing: LandingFolder | undefined
  if (cfg.landing && worker) {
    const deps = { store, writer: s.writer, catalogues: s.compiled, nights: s.nights, fits: s.fits, clock: s.clock, dictionaries: s.dictionaries }
    landing = new LandingFolder(resolve(cfg.landing), (path, name) => ingestFile(deps, path, name), { log: (l) => log.info(l, { component: 'landing' }), onResult: (r) => s.metrics.product('landing', r) })
    await landing.start()
    s.metrics.watchLanding(() => landing?.backlog() ?? 0)
    log.info(`Watching landing folder ${resolve(cfg.landing)} (ingested files go to done/, refused ones to failed/)`)
  }
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info(`${signal}: finishing requests in flight, then closing the store…`)
    server.close(async () => {
      await alerting?.stop()
      watermark?.stop()
      await landing?.stop()
      await s.scoring.idle()
      await s.close()
      await store.close()
      process.exit(0)
    })
    // Idle keep-alive sockets would hold close() open forever.
    ;(server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.()
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

/** What must never appear in a log line: passwords of the store and the mail server, whether given alone or inside a URL. */
function secretsOf(cfg: ReturnType<typeof readConfig>): string[] {
  const inUrl = (u: string | undefined) => { try { return u ? [decodeURIComponent(new URL(u).password)] : [] } catch { return [] } }
  return [cfg.token ?? '', cfg.clickhouse?.password ?? '', ...inUrl(cfg.clickhouse?.url), ...inUrl(cfg.smtpUrl), ...Object.values(cfg.webhookSecrets)].filter(Boolean)
}

main().catch((e) => {
  log.error(e instanceof Error ? e.message : String(e))
  process.exit(1)
})
