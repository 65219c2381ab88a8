import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LandingFolder } from '../../server/landing/landing-folder.ts'
import { ingestFile } from '../../server/landing/ingest-file.ts'
import { makeTestApp } from '../helpers/test-app.ts'
import * as fits from './fits-bombs.ts'
import { probedServer, tableRows } from './hostile-probe.ts'

/** Hostile files dropped in the landing folder: each goes to failed/ with its reason (or is left and named), nothing is written, the server keeps answering. */
describe('hostile files in the landing folder', () => {
  let t: Awaited<ReturnType<typeof makeTestApp>>, probe: Awaited<ReturnType<typeof probedServer>>, dir: string, landing: LandingFolder
  const log: string[] = []
  beforeAll(async () => {
    t = await makeTestApp()
    probe = await probedServer(t.app)
    dir = mkdtempSync(join(tmpdir(), 'qcloop-hostile-landing-'))
    const s = t.services
    landing = new LandingFolder(dir, (path, name) => ingestFile({ store: s.store, writer: s.writer, catalogues: s.compiled, nights: s.nights, fits: s.fits, clock: s.clock }, path, name), { settleMs: 0, pollMs: 100_000, log: (l) => log.push(l) })
    await landing.start()
    // Both header workers started and warm (loading the TypeScript sources costs each ~0.3 s of CPU once).
    await Promise.all([1, 2].map(() => s.fits.buffer(fits.naxisBillion().subarray(0, 2880)).catch(() => null)))
  })
  afterAll(async () => { await landing?.stop(); await probe?.close(); await t?.services.close() })

  const LONG = `${'x'.repeat(245)}.fits` // 250 bytes: the reason file's name would be 261
  it.each([
    ['naxis.fits', () => fits.naxisBillion(), /NAXIS = 1000000000 is beyond the standard's 999/],
    ['continue.fits', () => fits.continueChain(40_000), /limit maxStringChars/],
    ['bomb.fits.gz', () => fits.gzipBomb(1024), /limit maxRatio/],
    ['hdus.fits', () => fits.manyHdus(), /limit maxHdus/],
    ['instrume.fits', () => fits.longInstrume(), /INSTRUME is longer than 200/],
    ['raw-naxis.fits', () => fits.rawFrameNaxisBillion(), /NAXIS = 1000000000/],
    [LONG, () => fits.naxisBillion(), /NAXIS = 1000000000/],
  ])('%s goes to failed/ with its reason beside it', async (name, make, reason) => {
    const before = await tableRows(t.store)
    writeFileSync(join(dir, name), make())
    const w = probe.window()
    await landing.scan()
    const { worstMs, failures } = await w.end()
    expect(existsSync(join(dir, name))).toBe(false)
    expect(readdirSync(join(dir, 'failed'))).toContain(name)
    const reasonFile = readdirSync(join(dir, 'failed')).find((f) => f.endsWith('.reason.txt') && (f === `${name}.reason.txt` || (name === LONG && f.startsWith('xxxxxxxx') && f.includes('~'))))
    expect(reasonFile, `a reason file for ${name.slice(0, 20)}…`).toBeDefined()
    expect(Buffer.byteLength(reasonFile!)).toBeLessThanOrEqual(255)
    expect(readFileSync(join(dir, 'failed', reasonFile!), 'utf8')).toMatch(reason)
    expect(failures).toEqual([])
    expect(worstMs).toBeLessThan(100)
    expect(await tableRows(t.store)).toEqual(before)
  })

  it('a symbolic link and a FIFO are never opened: they go to failed/ with the reason; a folder is named once and left', async () => {
    const before = await tableRows(t.store)
    symlinkSync('/etc/passwd', join(dir, 'link.fits'))
    execFileSync('mkfifo', [join(dir, 'pipe.fits')])
    mkdirSync(join(dir, 'sub'))
    await landing.scan()
    await landing.scan()
    const failed = readdirSync(join(dir, 'failed'))
    expect(failed).toEqual(expect.arrayContaining(['link.fits', 'pipe.fits', 'link.fits.reason.txt', 'pipe.fits.reason.txt']))
    expect(readFileSync(join(dir, 'failed', 'link.fits.reason.txt'), 'utf8')).toMatch(/symbolic link: the landing folder reads regular files only/)
    expect(readFileSync(join(dir, 'failed', 'pipe.fits.reason.txt'), 'utf8')).toMatch(/named pipe \(FIFO\)/)
    expect(existsSync(join(dir, 'sub'))).toBe(true)
    expect(log.filter((l) => l.includes('sub/ is a folder'))).toHaveLength(1)
    expect(await tableRows(t.store)).toEqual(before)
  })
})
