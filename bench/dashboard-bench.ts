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
  const times: number[] = []
  try {
    for (let i = 0; i < 4; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      const t = performance.now()
      await page.goto(url + '/')
      await page.locator('qc-health-monitor a.cell').first().waitFor()
      times.push(performance.now() - t)
      await page.close()
    }
  } finally {
    await browser.close()
  }
  return [
    `dashboard JavaScript: ${fmt(gz / 1024, 1)} KiB gzipped (${js.length} file)   [target <= 150 KB]`,
    `health monitor first render in headless Chromium (navigation to grid drawn; first cold, median of the next 3): ${fmt(times[0])} ms cold, ${fmt(median(times.slice(1)))} ms   [target <= 1,500 ms]`,
  ]
}
