import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newPage } from '../helpers/browser.ts'
import { card, formatHeader } from '../../server/fits/format-header.ts'
import { startServer, type RunningServer } from '../helpers/server-process.ts'

const TOKEN = 'provenance-e2e-token'
const UVES = 'test/fixtures/eso/products/uves'
interface Px { setup: string; x: number; y: number; product: string }

/**
 * Real UVES master biases ingested as files; a click on one plotted point shows the file it came
 * from, its PRO CATG, recipe and pipeline version, and the product's text QC cards (QC DID) — the
 * provenance of exactly the value under the cursor.
 */
describe('product provenance on the trend page, in real Chromium', () => {
  let server: RunningServer, browser: Browser
  beforeAll(async () => {
    server = await startServer({ QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-prov-')), QCLOOP_TOKEN: TOKEN, QCLOOP_CLOCK: '2024-03-12T12:00:00Z' })
    for (const night of readdirSync(UVES)) for (const f of readdirSync(join(UVES, night))) {
      const res = await fetch(`${server.url}/api/v1/products?name=${f}`, { method: 'POST', body: readFileSync(join(UVES, night, f)), headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
      expect(res.status).toBe(200)
    }
    browser = await launchChromium()
  }, 180_000)
  afterAll(async () => { await browser?.close(); server?.proc.kill('SIGTERM') })

  it('a clicked point shows its own file, PRO CATG, recipe and text QC cards', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(`${server.url}/instrument/UVES?report=BIAS&param=ron_master&range=all`)
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    await expect.poll(async () => (await panel.evaluate((el) => (el as unknown as { pointPixels(): Px[] }).pointPixels())).length).toBe(9)
    const points = await panel.evaluate((el) => (el as unknown as { pointPixels(): Px[] }).pointPixels())
    // A red-arm point with no other point within 12 px: the pixel names it alone.
    const target = points.find((p) => p.setup.startsWith('REDL') && points.every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > 12))!
    expect(target).toBeDefined()
    await page.mouse.click(target.x, target.y)
    const details = page.locator('qc-point-details')
    await expect.poll(() => details.locator('[data-product]').innerText()).toBe(target.product)
    const sources = details.locator('[data-sources] tbody tr')
    await expect.poll(() => sources.count()).toBe(1)
    expect((await sources.first().locator('td').allInnerTexts()).slice(0, 3)).toEqual(['masterbias_redl.fits', 'MASTER_BIAS_REDL', 'uves_cal_mbias (uves/6.1.8)'])
    const attrs = Object.fromEntries(await details.locator('[data-attributes] tr').evaluateAll((rows) => rows.map((r) => [r.children[0].textContent, r.children[1].textContent])))
    expect(attrs).toEqual({ 'QC DID': 'UVES-1.14', 'QC TEST1 ID': 'Test-on-Master-Bias' })
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('the catalogue page says where each unit came from: the catalogue, a dictionary or the card comment', async () => {
    // A product whose QC card the catalogue does not declare: its unit is at the end of its comment.
    const glow = Buffer.concat([formatHeader([card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', 0), card('INSTRUME', 'UVES'), card('MJD-OBS', 60370.5),
      card('ESO PRO CATG', 'MASTER_BIAS_BLUE'), card('ARCFILE', 'UVES.2024-03-01T12:00:00.000.fits'), card('ESO QC GLOW LEVEL', 12.5, 'Amplifier glow [e-]')])])
    expect((await fetch(`${server.url}/api/v1/products?name=glow.fits`, { method: 'POST', body: glow, headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
    type P = { name: string; unit: string; source: string | null }
    const api = (await (await fetch(`${server.url}/api/v1/catalogue`)).json()) as { instruments: { name: string; reports: { params: P[] }[] }[] }
    const uves = api.instruments.find((i) => i.name === 'UVES')!.reports.flatMap((r) => r.params)
    const words: Record<string, string> = { catalogue: 'catalogue', dictionary: 'ESO QC dictionary', comment: 'FITS card comment' }
    const bySource = new Map(uves.filter((p) => p.source).map((p) => [p.source!, p]))
    expect(bySource.get('catalogue')?.name).toBeDefined()
    expect(bySource.get('comment')).toMatchObject({ name: 'QC GLOW LEVEL', unit: 'e-' })
    const { page, errors } = await newPage(browser)
    await page.goto(`${server.url}/catalogue`)
    for (const [source, p] of bySource) {
      const row = page.locator('qc-catalogue-list tr', { has: page.getByRole('link', { name: p.name, exact: true }) }).first()
      await row.waitFor()
      expect(await row.locator('[data-source]').innerText(), `${p.name} (${source})`).toBe(words[source])
    }
    expect(errors, errors.join('\n')).toEqual([])
  })
})
