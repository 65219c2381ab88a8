import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newPage } from '../helpers/browser.ts'
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
})
