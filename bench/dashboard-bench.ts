import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { launchChromium } from '../test/helpers/browser.ts'
import { fmt, median } from './stats.ts'

/** JavaScript shipped for the health monitor (gzipped) and its first render in headless Chromium. */
export async function benchDashboard(url: string): Promise<string[]> {
  const assets = join('dist/web/assets')
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'))
  const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f))).length, 0)
  const browser = await launchChromium()
  const times: number[] = [], inPage: number[] = [], report: number[] = [], transferred: number[] = []
  try {
    for (let i = 0; i < 4; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      // In the page: ms from navigation start to the frame in which the first tile exists (no driver overhead).
      // A string: a function would be serialised as transpiled here, with helpers the page does not have.
      await page.addInitScript(`(() => {
        const look = () => { if (document.querySelector('qc-health-monitor')?.shadowRoot?.querySelector('a.cell')) window.__drawn = performance.now(); else requestAnimationFrame(look) }
        requestAnimationFrame(look)
      })()`)
      const t = performance.now()
      await page.goto(url + '/')
      await page.locator('qc-health-monitor a.cell').first().waitFor()
      times.push(performance.now() - t)
      inPage.push(await (await page.waitForFunction(() => (window as unknown as { __drawn?: number }).__drawn)).jsonValue() as number)
      await page.close()
    }
    // The 5-panel UVES BIAS report over the whole history: navigation until every panel has drawn.
    for (let i = 0; i < 4; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      let bytes = 0
      page.on('requestfinished', (r) => { if (r.url().includes('/api/')) void r.sizes().then((z) => { bytes += z.responseBodySize + z.responseHeadersSize }) })
      const t = performance.now()
      await page.goto(url + '/instrument/UVES?report=BIAS&range=all')
      await page.waitForFunction(() => {
        const panels = [...(document.querySelector('qc-report-page')?.shadowRoot?.querySelectorAll('qc-trend-panel') ?? [])] as unknown as { loading: boolean; shadowRoot: ShadowRoot }[]
        return panels.length >= 5 && panels.every((p) => !p.loading && p.shadowRoot.querySelector('canvas'))
      }, undefined, { timeout: 60_000 })
      report.push(performance.now() - t)
      await page.waitForTimeout(200)
      transferred.push(bytes)
      await page.close()
    }
  } finally {
    await browser.close()
  }
  return [
    `dashboard JavaScript: ${fmt(gz / 1024, 1)} KiB gzipped (${js.length} file)   [target <= 150 KB]`,
    `health monitor first render in headless Chromium, in the page (navigation start to the first tile's frame; first cold, median of the next 3): ${fmt(inPage[0])} ms cold, ${fmt(median(inPage.slice(1)))} ms   [target <= 500 ms]`,
    `  the same seen by the driver (goto to tile visible, includes Playwright's own round trips): ${fmt(times[0])} ms cold, ${fmt(median(times.slice(1)))} ms`,
    `UVES BIAS report, 5 panels over 10 years, navigation to every panel drawn: ${fmt(report[0])} ms cold, ${fmt(median(report.slice(1)))} ms (median of 3); API bytes transferred ${fmt(median(transferred) / 1024)} KiB   [target <= 1,000 ms]`,
  ]
}
