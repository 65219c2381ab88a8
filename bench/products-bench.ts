import { mkdtempSync, readdirSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { CompiledCatalogues } from '../server/catalogue/compiled-catalogues.ts'
import { loadCatalogues } from '../server/catalogue/load-catalogues.ts'
import { readFitsHeaders } from '../server/fits/read-headers.ts'
import { LandingFolder } from '../server/landing/landing-folder.ts'
import { ingestProduct } from '../server/products/ingest-product.ts'
import type { StoreClient } from '../server/store/client.ts'
import type { ValuesWriter } from '../server/store/values-writer.ts'
import { spawn } from 'node:child_process'
import { writeBenchProducts } from './product-files.ts'
import { fmt } from './stats.ts'

const N = 1000

/** Header parsing MB/s, and products/s through POST /api/v1/products and through the landing folder. */
export async function benchProducts(store: StoreClient, writer: ValuesWriter, url: string, token: string): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'qcloop-bench-products-'))
  const a = await writeBenchProducts(join(root, 'a'), N, 0)
  const b = await writeBenchProducts(join(root, 'b'), N, N)

  let t = performance.now()
  for (const f of a.files) await readFitsHeaders(f)
  const parseS = (performance.now() - t) / 1000

  // The upload client is `qcloop ingest` in its own process, as a user would run it.
  t = performance.now()
  const cli = await runCli(['ingest', join(root, 'a'), '--url', url, '--token', token])
  const apiS = (performance.now() - t) / 1000
  const refused = cli.code === 0 ? 0 : Number(/(\d+) refused/.exec(cli.out)?.[1] ?? N)

  const landingDir = join(root, 'landing')
  const compiled = new CompiledCatalogues(loadCatalogues('qc-params'))
  const deps = { store, writer, catalogues: () => compiled }
  const landing = new LandingFolder(landingDir, (p, n) => ingestProduct(deps, n, () => readFitsHeaders(p)), { settleMs: 0, pollMs: 200, log: () => {} })
  await landing.start()
  t = performance.now()
  for (const f of b.files) renameSync(f, join(landingDir, basename(f)))
  while (readdirSync(join(landingDir, 'done')).length + readdirSync(join(landingDir, 'failed')).length < N) await new Promise((r) => setTimeout(r, 20))
  const landingS = (performance.now() - t) / 1000
  await landing.stop()
  const failed = readdirSync(join(landingDir, 'failed')).length

  return [
    `FITS header parsing: ${fmt(a.bytes / 1048576 / parseS, 1)} MB/s (${N} files of 5 HDUs, ${fmt(a.bytes / N / 1024, 1)} KiB each, read from disk)`,
    `products via POST /api/v1/products (qcloop ingest: ${N} products x 52 values, 16 in flight, CLI start-up included): ${fmt(N / apiS)} products/s${refused ? `, ${refused} REFUSED` : ''}   [target >= 200]`,
    `products via the landing folder (${N} files renamed in at once): ${fmt(N / landingS)} products/s${failed ? `, ${failed} FAILED` : ''}   [target >= 200]`,
  ]
}

/** Runs bin/qcloop.js; the server stays in this process, so its event loop keeps serving meanwhile. */
function runCli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/qcloop.js', ...args], { stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.on('exit', (code) => resolve({ code, out }))
  })
}
