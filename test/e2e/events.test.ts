import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newPage } from '../helpers/browser.ts'
import { startServer, type RunningServer } from '../helpers/server-process.ts'

const TOKEN = 'events-e2e-token'
const UVES = 'test/fixtures/eso/products/uves'
interface Px { setup: string; x: number; y: number; product: string }
const DAY = 86_400_000

/**
 * An intervention recorded through the API appears as a labelled marker on the trend panels it
 * concerns (hover: title, who, when; the title shown as text) and as news on the health monitor.
 */
describe('instrument events in the dashboard, in real Chromium', () => {
  let server: RunningServer, browser: Browser
  const at = Date.UTC(2024, 2, 5, 12)
  beforeAll(async () => {
    server = await startServer({ QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-ev-')), QCLOOP_TOKEN: TOKEN, QCLOOP_CLOCK: '2024-03-12T12:00:00Z' })
    for (const night of readdirSync(UVES)) for (const f of readdirSync(join(UVES, night))) {
      const res = await fetch(`${server.url}/api/v1/products?name=${f}`, { method: 'POST', body: readFileSync(join(UVES, night, f)), headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
      expect(res.status).toBe(200)
    }
    const ev = { instrument: 'UVES', at: new Date(at).toISOString(), kind: 'intervention', title: 'Red CCD <b>cryostat</b> pumped', scope: { setups: ['RED*'] }, resetsBaseline: true, public: true }
    const made = await fetch(`${server.url}/api/v1/events`, { method: 'POST', body: JSON.stringify(ev), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
    expect(made.status).toBe(201)
    browser = await launchChromium()
  }, 180_000)
  afterAll(async () => { await browser?.close(); server?.proc.kill('SIGTERM') })

  it('hovering the marker names the intervention; the monitor lists it as news', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(`${server.url}/instrument/UVES?report=BIAS&param=ron_master&range=all&setup=`)
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    await expect.poll(async () => (await panel.evaluate((el) => (el as unknown as { pointPixels(): Px[] }).pointPixels())).length).toBe(9)
    const px = await panel.evaluate((el) => (el as unknown as { pointPixels(): Px[] }).pointPixels())
    // Points are at 10:05 UT of nights 01, 02 and 07: the time axis is linear between them.
    const t = (p: Px) => Date.parse(p.product.slice(5, 28) + 'Z')
    const a = px.reduce((m, p) => (t(p) < t(m) ? p : m)), b = px.reduce((m, p) => (t(p) > t(m) ? p : m))
    const x = a.x + ((at - t(a)) / (t(b) - t(a))) * (b.x - a.x)
    const box = (await panel.locator('.u-over').boundingBox())!
    await page.mouse.move(x, box.y + box.height * 0.5)
    await expect.poll(() => panel.locator('.tip').innerText()).toContain('intervention: Red CCD <b>cryostat</b> pumped')
    expect(await panel.locator('.tip').innerText()).toContain('baseline restarts here')
    expect(t(a) < at && at < t(b) && at - t(a) > DAY).toBe(true)
    await page.goto(`${server.url}/`)
    const news = page.locator('qc-health-monitor ul.news li')
    await expect.poll(() => news.count()).toBe(1)
    expect(await news.first().innerText()).toMatch(/UVES intervention Red CCD <b>cryostat<\/b> pumped[\s\S]*7 days ago/)
    expect(errors, errors.join('\n')).toEqual([])
  })
})
