import { serve } from '@hono/node-server'
import { join, resolve } from 'node:path'
import { existsSync } from 'node:fs'
import { createApp } from './app.ts'
import { loadCatalogues } from './catalogue/load-catalogues.ts'
import { readConfig } from './config.ts'
import { ensureToken } from './token-file.ts'
import { openStore } from './store/open-store.ts'
import { loadDemoHistory } from '../seeds/load-demo.ts'
import { CompiledCatalogues } from './catalogue/compiled-catalogues.ts'
import { readFitsHeaders } from './fits/read-headers.ts'
import { LandingFolder } from './landing/landing-folder.ts'
import { ingestProduct } from './products/ingest-product.ts'

/**
 * `npm start`: opens the store (embedded unless CLICKHOUSE_URL), migrates,
 * seeds an empty store with the demo history, serves API and dashboard.
 */
async function main(): Promise<void> {
  const cfg = readConfig(process.env)
  const catalogues = loadCatalogues(resolve('qc-params'))
  const { store, writer, isEmpty } = await openStore(cfg)
  const token = ensureToken(cfg)
  if (cfg.seed && (await isEmpty())) {
    console.log('Empty store: loading the demo history (set QCLOOP_SEED=0 to skip)…')
    const { values, ms } = await loadDemoHistory(writer, { endMs: Date.now() })
    console.log(`Loaded ${values.toLocaleString('en')} demo values in ${(ms / 1000).toFixed(1)} s (${Math.round(values / (ms / 1000)).toLocaleString('en')} values/s).`)
  }
  const webRoot = resolve('dist/web')
  const app = createApp({
    store, writer, token, catalogues: () => catalogues, maxBodyBytes: cfg.maxBodyBytes,
    webRoot: existsSync(join(webRoot, 'index.html')) ? 'dist/web' : undefined,
  })
  const server = serve({ fetch: app.fetch, port: cfg.port, hostname: cfg.host }, (info) => {
    const host = cfg.host === '0.0.0.0' || cfg.host === '::' ? 'localhost' : cfg.host
    console.log(`qcloop on ${store.backend === 'chdb' ? `embedded ClickHouse (${resolve(cfg.dataDir)})` : cfg.clickhouse!.url}`)
    console.log(`Dashboard: http://${host}:${info.port}/`)
    console.log(`Write token: ${token}`)
  })
  let landing: LandingFolder | undefined
  if (cfg.landing) {
    const compiled = new CompiledCatalogues(catalogues)
    const deps = { store, writer, catalogues: () => compiled }
    landing = new LandingFolder(resolve(cfg.landing), (path, name) => ingestProduct(deps, name, () => readFitsHeaders(path)))
    await landing.start()
    console.log(`Watching landing folder ${resolve(cfg.landing)} (ingested files go to done/, refused ones to failed/)`)
  }
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing requests in flight, then closing the store…`)
    server.close(async () => {
      await landing?.stop()
      await store.close()
      process.exit(0)
    })
    // Idle keep-alive sockets would hold close() open forever.
    ;(server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.()
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
