import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportSite } from '../../server/export/export-site.ts'
import { fixedNoon, launchChromium, newPage, signIn } from '../helpers/browser.ts'
import { fors2Set } from '../helpers/fors2-frames.ts'
import { startServer, type RunningServer } from '../helpers/server-process.ts'

const TOKEN = 'xss-test-token'
/** Markup in every text a user or a file controls; each would create an element with an id starting "xss" if it were parsed as HTML. */
const H = {
  instrument: '<b id=xss-inst>ZED</b>',
  param: '<i id=xss-param>p</i>',
  setup: '<img src=x id=xss-setup onerror="window.__xss=1">',
  product: '=HYPERLINK("http://evil.example","<svg id=xss-product onload=window.__xss=2>")',
  comment: '<img src=x id=xss-comment onerror="window.__xss=3">',
  obName: '<img src=x id=xss-ob onerror="window.__xss=4">',
}

/** Elements whose id starts with "xss", looked for through every shadow root; and whether any script ran. */
async function injected(page: Page): Promise<{ ids: string[]; ran: unknown }> {
  return page.evaluate(() => {
    const ids: string[] = []
    const walk = (root: Document | ShadowRoot) => root.querySelectorAll('*').forEach((el) => {
      if (el.id.startsWith('xss')) ids.push(el.id)
      if (el.shadowRoot) walk(el.shadowRoot)
    })
    walk(document)
    return { ids, ran: (window as unknown as { __xss?: unknown }).__xss }
  })
}

/** The page's text, shadow roots included. */
const deepText = (page: Page) => page.evaluate(() => {
  const parts: string[] = []
  const walk = (root: Document | ShadowRoot | Element) => {
    for (const n of Array.from(root.childNodes)) {
      if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '')
      else if (n instanceof Element) { if (n.shadowRoot) walk(n.shadowRoot); walk(n) }
    }
  }
  walk(document.body)
  return parts.join(' ')
})

describe('text that users and files control is shown as text everywhere', () => {
  let server: RunningServer, browser: Browser
  const now = Date.parse(fixedNoon())
  beforeAll(async () => {
    server = await startServer({ QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-xss-')), QCLOOP_TOKEN: TOKEN, QCLOOP_CLOCK: fixedNoon() })
    browser = await launchChromium()
    const post = async (path: string, body: string, type = 'application/json') => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type } })
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
    }
    const rows = Array.from({ length: 20 }, (_, d) => ({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: H.setup, ts: new Date(now - (20 - d) * 86_400_000).toISOString(), value: 1 + d / 100, product: `${H.product}${d}` }))
    rows.push({ instrument: H.instrument, report: 'BIAS', param: H.param, setup: H.setup, ts: new Date(now - 86_400_000).toISOString(), value: 1, product: 'p.fits' })
    await post('/api/v1/measurements', JSON.stringify(rows))
    await post('/api/v1/actions/comment', JSON.stringify({ kind: 'value', instrument: 'UVES', param: 'ron_master', setup: H.setup, ts: rows[19].ts, product: rows[19].product, text: H.comment }))
    const night = new Date(now - 86_400_000).toISOString().slice(0, 10)
    const frames = [...fors2Set('SCI_IMG', `${night}T23:30:00Z`, 1, { ob: 777 }), ...fors2Set('BIAS', `${night}T10:00:00Z`, 5)].map((f) => (f['ESO OBS ID'] === 777 ? { ...f, 'ESO OBS NAME': H.obName } : f))
    await post('/api/v1/headers', frames.map((f) => JSON.stringify(f)).join('\n'), 'application/x-ndjson')
    // Scoring runs after the write: the hostile instrument reaches the health monitor once it is scored.
    for (let end = Date.now() + 60_000; ;) {
      const h = await (await fetch(`${server.url}/api/v1/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()
      if (h.instruments.some((i: { name: string }) => i.name === H.instrument)) break
      if (Date.now() > end) throw new Error('the hostile instrument was not scored within a minute')
      await new Promise((r) => setTimeout(r, 200))
    }
  }, 180_000)
  afterAll(async () => { await browser?.close(); server?.proc.kill('SIGTERM') })

  it('the dashboard shows every hostile name as text and creates no element from it', async () => {
    const { page } = await newPage(browser)
    await page.goto(`${server.url}/`)
    await signIn(page, TOKEN)
    await page.locator('qc-health-monitor a.cell').first().waitFor()
    expect(await deepText(page)).toContain(H.instrument)
    expect(await injected(page)).toEqual({ ids: [], ran: undefined })
    await page.goto(`${server.url}/instrument/UVES?report=BIAS&param=ron_master`)
    await page.locator('qc-trend-panel canvas').first().waitFor()
    const s = await (await fetch(`${server.url}/api/v1/series?instrument=UVES&param=ron_master`)).json()
    const x = s.series[0], i = x.t.length - 1
    await page.locator('qc-trend-panel').first().evaluate((el, d) => el.dispatchEvent(new CustomEvent('point-select', { detail: d, bubbles: true, composed: true })),
      { instrument: 'UVES', param: 'ron_master', setup: x.setup, t: x.t[i], value: x.value[i], product: x.product[i], score: x.score[i], cause: x.cause[i] })
    await page.locator('qc-point-details').getByText(H.comment).waitFor()
    const text = await deepText(page)
    for (const v of [H.setup, H.product, H.comment]) expect(text).toContain(v)
    expect(await injected(page)).toEqual({ ids: [], ran: undefined })
    await page.goto(`${server.url}/instrument/${encodeURIComponent(H.instrument)}`)
    await page.locator('qc-trend-panel h3', { hasText: H.param }).waitFor()
    await page.goto(`${server.url}/catalogue`)
    await page.locator('qc-catalogue-list').getByText(H.param, { exact: true }).first().waitFor()
    expect(await injected(page)).toEqual({ ids: [], ran: undefined })
    await page.goto(`${server.url}/calchecker`)
    await page.locator('qc-calchecker-page button.cell').first().click()
    await page.locator('qc-calchecker-page').getByText(H.obName).waitFor()
    expect(await injected(page)).toEqual({ ids: [], ran: undefined })
  })

  it('the CSV of the API and the export neutralise formulas; the exported pages show names as text', async () => {
    const csv = await (await fetch(`${server.url}/api/v1/values?instrument=UVES&format=csv`)).text()
    const line = csv.split('\n')[2]
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""<svg`)
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m)
    const out = join(mkdtempSync(join(tmpdir(), 'qcloop-xss-export-')), 'site')
    await exportSite({ url: server.url, out })
    const year = new Date(now).getUTCFullYear()
    const exported = gunzipSync(readFileSync(join(out, `downloads/UVES/BIAS_${year}.csv.gz`))).toString('utf8')
    expect(exported).toContain(`"'=HYPERLINK(`)
    expect(exported).not.toMatch(/(^|,)"?=HYPERLINK/m)
    const { page } = await newPage(browser)
    await page.goto(`file://${out}/index.html#/instrument/UVES?report=BIAS`)
    await page.locator('qc-trend-panel canvas').first().waitFor()
    expect(await deepText(page)).toContain(H.setup)
    expect(await injected(page)).toEqual({ ids: [], ran: undefined })
  })
})
