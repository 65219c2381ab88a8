import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { CompiledCatalogues } from '../../../server/catalogue/compiled-catalogues.ts'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { readFitsHeaders } from '../../../server/fits/read-headers.ts'
import { LandingFolder } from '../../../server/landing/landing-folder.ts'
import { ingestFile } from '../../../server/landing/ingest-file.ts'
import { card, formatHeader } from '../../../server/fits/format-header.ts'
import { NightClock } from '../../../server/time/night.ts'
import { ingestProduct, type ProductResult } from '../../../server/products/ingest-product.ts'
import type { StoreClient } from '../../../server/store/client.ts'
import { ValuesWriter } from '../../../server/store/values-writer.ts'
import { PRODUCTS } from '../../helpers/eso-fixtures.ts'
import { countRows, openTestStore } from '../../helpers/test-store.ts'

const cats = new CompiledCatalogues(loadCatalogues('qc-params'))
const product = (rel: string) => readFileSync(join(PRODUCTS, rel))

async function until(cond: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('LandingFolder', () => {
  let store: StoreClient, dir: string, seen: ProductResult[], make: (opts?: object) => LandingFolder
  beforeEach(async () => {
    store = await openTestStore()
    dir = mkdtempSync(join(tmpdir(), 'qcloop-landing-'))
    seen = []
    const deps = { store, writer: new ValuesWriter(store), catalogues: () => cats }
    make = (opts = {}) => new LandingFolder(dir, async (path, name) => {
      const r = await ingestProduct(deps, name, () => readFitsHeaders(path))
      seen.push(r)
      return r
    }, { settleMs: 200, pollMs: 50, log: () => {}, ...opts })
  })

  it('ingests files already there at start (crash recovery) and moves them to done/', async () => {
    writeFileSync(join(dir, 'masterbias_blue.fits'), product('uves/night01/masterbias_blue.fits'))
    writeFileSync(join(dir, 'readgain.fits'), product('hawki/night01/readgain.fits'))
    const l = make()
    await l.start()
    await until(() => readdirSync(join(dir, 'done')).length === 2)
    await l.stop()
    expect(await countRows(store)).toBe(5 + 8)
    expect(readdirSync(dir).sort()).toEqual(['done', 'failed'])
  })

  it('waits for a half-written file to be complete, and reads it once', async () => {
    const l = make()
    await l.start()
    const whole = product('hawki/night01/darkcomb.fits')
    const path = join(dir, 'darkcomb.fits')
    writeFileSync(path, whole.subarray(0, 100_000))
    for (let off = 100_000; off < whole.length; off += 100_000) {
      await new Promise((r) => setTimeout(r, 120)) // slower than the poll, faster than settleMs
      appendFileSync(path, whole.subarray(off, off + 100_000))
    }
    await until(() => existsSync(join(dir, 'done', 'darkcomb.fits')))
    await l.stop()
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ status: 'ingested', accepted: 60 })
  })

  it('moves a bad file to failed/ with the reason beside it, and never reads temporary names', async () => {
    writeFileSync(join(dir, 'notes.fits'), 'hello')
    writeFileSync(join(dir, 'incoming.fits.part'), 'still copying')
    const l = make()
    await l.start()
    await until(() => existsSync(join(dir, 'failed', 'notes.fits.reason.txt')))
    await new Promise((r) => setTimeout(r, 300))
    await l.stop()
    expect(readFileSync(join(dir, 'failed', 'notes.fits.reason.txt'), 'utf8')).toMatch(/not a FITS file/)
    expect(existsSync(join(dir, 'incoming.fits.part'))).toBe(true)
    expect(seen.map((r) => r.file)).toEqual(['notes.fits'])
  })

  it('gives a truncated file a grace period before failing it', async () => {
    const whole = product('uves/night01/masterbias_blue.fits')
    writeFileSync(join(dir, 'cut.fits'), whole.subarray(0, 20_000))
    const l = make({ graceMs: 60_000 })
    await l.start()
    await until(() => seen.length >= 2)
    expect(existsSync(join(dir, 'cut.fits'))).toBe(true)
    await l.stop()
    const l2 = make({ graceMs: 0 })
    await l2.start()
    await until(() => existsSync(join(dir, 'failed', 'cut.fits.reason.txt')))
    await l2.stop()
  })

  it('does not overwrite a file of the same name in done/', async () => {
    const l = make()
    await l.start()
    writeFileSync(join(dir, 'p.fits'), product('uves/night01/masterbias_blue.fits'))
    await until(() => existsSync(join(dir, 'done', 'p.fits')))
    writeFileSync(join(dir, 'p.fits'), product('uves/night02/masterbias_blue.fits'))
    await until(() => existsSync(join(dir, 'done', 'p.fits.1')))
    await l.stop()
    expect(await countRows(store)).toBe(10)
  })

  it('routes raw frames (DPR CATG, no PRO CATG) to calChecker and products to the QC store', async () => {
    const nights = new NightClock(21)
    const deps = { store, writer: new ValuesWriter(store), catalogues: () => cats, nights }
    const landing = new LandingFolder(dir, async (path, name) => { const r = await ingestFile(deps, path, name); seen.push(r); return r }, { settleMs: 0, pollMs: 50, log: () => {} })
    const raw = [card('SIMPLE', true), card('BITPIX', 16), card('NAXIS', 0), card('INSTRUME', 'FORS2'), card('ARCFILE', 'FORS2.2024-03-02T02:00:00.000.fits'),
      card('MJD-OBS', 60371.0833333), card('ESO DPR CATG', 'SCIENCE'), card('ESO DPR TYPE', 'OBJECT'), card('ESO DPR TECH', 'IMAGE'), card('ESO INS FILT1 NAME', 'z_SPECIAL')]
    writeFileSync(join(dir, 'FORS2_raw.fits'), formatHeader(raw))
    writeFileSync(join(dir, 'b.fits'), product('uves/night01/masterbias_blue.fits'))
    await landing.start()
    await until(() => seen.length === 2)
    await landing.stop()
    expect(seen.find((r) => r.file === 'FORS2_raw.fits')).toMatchObject({ status: 'ingested', instrument: 'FORS2', report: 'SCI_IMG', frames: 1, frameDuplicates: 0 })
    expect(seen.find((r) => r.file === 'b.fits')).toMatchObject({ status: 'ingested', instrument: 'UVES' })
    expect(await countRows(store, 'qc_frames')).toBe(1)
    expect(readdirSync(join(dir, 'done')).sort()).toEqual(['FORS2_raw.fits', 'b.fits'])
  })
})
