import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LandingFolder } from '../../../server/landing/landing-folder.ts'
import { ingestFile } from '../../../server/landing/ingest-file.ts'
import { fixtureProducts, PRODUCTS } from '../../helpers/eso-fixtures.ts'
import { startServer, type RunningServer } from '../../helpers/server-process.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

type App = Awaited<ReturnType<typeof makeTestApp>>
const auth = { authorization: `Bearer ${TOKEN}` }

/** What a store says of every product: its values (param, setup, value), files and attributes, by product id. */
async function snapshot(get: (path: string) => Response | Promise<Response>, ids: string[]) {
  const out: Record<string, unknown> = {}
  for (const id of [...ids].sort()) {
    const d = await (await get(`/api/v1/products/${encodeURIComponent(id)}`)).json()
    out[id] = {
      values: d.values.map((v: { param: string; setup: string; value: number }) => [v.param, v.setup, v.value]).sort(),
      sources: d.sources.map((s: { file: string; proCatg: string; recipe: string; pipeline: string }) => [s.file, s.proCatg, s.recipe, s.pipeline]).sort(),
      attributes: d.attributes,
    }
  }
  return out
}

/**
 * The shared ESO products through the three ways in — POST /api/v1/products, the landing folder,
 * `qcloop ingest` against a running server — each in another order: every product is named and
 * holds the same values, files and attributes in all three stores.
 */
describe('ingesting the same products three ways, in three orders, gives the same products', () => {
  const files = fixtureProducts()
  let api: App, landing: App, server: RunningServer
  const ids = new Set<string>()
  beforeAll(async () => {
    // 1. The API, in file order.
    api = await makeTestApp()
    for (const f of files) {
      const r = (await (await api.app.request(`/api/v1/products?name=${encodeURIComponent(basename(f))}`, { method: 'POST', body: new Uint8Array(readFileSync(join(PRODUCTS, f))), headers: { 'content-type': 'application/fits', ...auth } })).json()).results[0]
      if (r.product) ids.add(r.product)
    }
    // 2. The landing folder, newest night first (names repeat across nights: one night at a time).
    landing = await makeTestApp()
    const dir = mkdtempSync(join(tmpdir(), 'qcloop-3ways-'))
    const s = landing.services
    const folder = new LandingFolder(dir, (path, name) => ingestFile({ store: s.store, writer: s.writer, catalogues: s.compiled, nights: s.nights, fits: s.fits, clock: s.clock }, path, name), { settleMs: 100, pollMs: 50, log: () => {} })
    await folder.start()
    const nights = [...new Set(files.map((f) => dirname(f)))].sort().reverse()
    for (const night of nights) {
      const batch = files.filter((f) => dirname(f) === night)
      for (const f of batch) copyFileSync(join(PRODUCTS, f), join(dir, basename(f)))
      const end = Date.now() + 30_000
      while (batch.some((f) => !existsSync(join(dir, 'done', basename(f))))) {
        if (existsSync(join(dir, 'failed')) && readdirSync(join(dir, 'failed')).length > 0) throw new Error(`landing folder refused: ${readdirSync(join(dir, 'failed')).join(', ')}`)
        if (Date.now() > end) throw new Error(`landing folder did not finish ${night}`)
        await new Promise((r) => setTimeout(r, 50))
      }
      // done/ keeps names: cleared for the next night's files of the same names.
      for (const f of batch) rmSync(join(dir, 'done', basename(f)))
    }
    await folder.stop()
    // 3. `qcloop ingest` against a running server, files in reverse order.
    server = await startServer({ QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-3ways-srv-')), QCLOOP_TOKEN: TOKEN })
    const r = spawnSync(process.execPath, ['bin/qcloop.js', 'ingest', ...[...files].reverse().map((f) => join(PRODUCTS, f)), '--url', server.url, '--token', TOKEN], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`qcloop ingest failed: ${r.stdout}${r.stderr}`)
  }, 240_000)
  afterAll(async () => { server?.proc.kill('SIGTERM'); await server?.exited })

  it('names the same products, with the same values, files and attributes', async () => {
    expect(ids.size).toBeGreaterThan(15)
    const a = await snapshot((p) => api.app.request(p, { headers: auth }), [...ids])
    const b = await snapshot((p) => landing.app.request(p, { headers: auth }), [...ids])
    const c = await snapshot((p) => fetch(`${server.url}${p}`, { headers: auth }), [...ids])
    expect(b).toEqual(a)
    expect(c).toEqual(a)
  })

  it('holds the same values, instrument by instrument (the values API, every field but the score, which may still be pending)', async () => {
    const instruments = ['UVES', 'HAWKI', 'MUSE', 'GIRAFFE', 'VIMOS', 'NAOS+CONICA'] // every instrument of the fixtures
    const table = async (get: (path: string) => Response | Promise<Response>, inst: string) => {
      const text = await (await get(`/api/v1/values?instrument=${encodeURIComponent(inst)}&format=ndjson`)).text()
      return text.trim().split('\n').map((l) => { const { score: _s, cause: _c, ...rest } = JSON.parse(l); return JSON.stringify(rest) }).sort()
    }
    for (const inst of instruments) {
      const a = await table((p) => api.app.request(p, { headers: auth }), inst)
      expect(a.length, inst).toBeGreaterThan(0)
      expect(await table((p) => landing.app.request(p, { headers: auth }), inst), inst).toEqual(a)
      expect(await table((p) => fetch(`${server.url}${p}`, { headers: auth }), inst), inst).toEqual(a)
    }
  })
})
