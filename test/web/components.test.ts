import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage, startDashboard } from '../helpers/browser.ts'
import type { RunningServer } from '../helpers/server-process.ts'

/** Components run in real Chromium from the built bundle; each test mounts one in a blank page of the app. */
describe('web components', () => {
  let server: RunningServer, browser: Browser, page: Page, errors: string[]
  beforeAll(async () => {
    ({ server, browser } = await startDashboard(120))
    ;({ page, errors } = await newPage(browser))
    await page.goto(server.url + '/no-such-view') // loads the bundle, renders nothing heavy
    await page.waitForFunction(() => customElements.get('qc-trend-panel') !== undefined)
  }, 180_000)
  afterAll(async () => { await browser?.close(); server?.proc.kill('SIGTERM') })

  const mount = (tag: string, props: Record<string, unknown>) => page.evaluate(([t, p]) => {
    document.querySelectorAll('.mounted').forEach((e) => e.remove())
    const el = Object.assign(document.createElement(t as string), p)
    el.classList.add('mounted')
    document.body.append(el)
    return (el as unknown as { updateComplete: Promise<boolean> }).updateComplete.then(() => true)
  }, [tag, props] as const)

  it('grid cell light: shape and accessible name carry the score, not only the colour', async () => {
    for (const [score, word, shape] of [['red', 'critical', 'rect'], ['yellow', 'warning', 'path'], ['green', 'OK', 'circle'], ['grey', 'not scored', 'circle']]) {
      await mount('qc-score-light', { score, label: 'UVES BIAS' })
      const info = await page.evaluate(() => {
        const svg = document.querySelector('.mounted')!.shadowRoot!.querySelector('svg')!
        return { name: svg.getAttribute('aria-label'), shape: svg.children[1]?.tagName }
      })
      expect(info).toEqual({ name: `UVES BIAS: ${word}`, shape })
    }
  })

  it('night strip: one light per night, oldest first, "no data" for empty nights', async () => {
    await mount('qc-night-strip', { nights: [{ night: '2026-11-20', score: 'green' }, { night: '2026-11-21', score: null }, { night: '2026-11-22', score: 'red' }] })
    const names = await page.evaluate(() => [...document.querySelector('.mounted')!.shadowRoot!.querySelectorAll('svg')].map((l) => l.getAttribute('aria-label')))
    expect(names).toEqual(['night 2026-11-20: OK', 'night 2026-11-21: no data', 'night 2026-11-22: critical'])
  })

  it('time-range control: the pressed button and the range-change event follow a click', async () => {
    await mount('qc-range-control', { range: '90d' })
    const detail = await page.evaluate(() => new Promise((resolve) => {
      const el = document.querySelector('.mounted')!
      el.addEventListener('range-change', (e) => resolve((e as CustomEvent).detail), { once: true })
      ;[...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === '1 year')!.click()
    }))
    expect(detail).toMatchObject({ range: '1y' })
    const pressed = await page.evaluate(() => [...document.querySelector('.mounted')!.shadowRoot!.querySelectorAll('button[aria-pressed=true]')].map((b) => b.textContent))
    expect(pressed).toEqual(['1 year'])
  })

  it('trend panel: draws a canvas with a legend of setups, and exports the points as CSV', async () => {
    await mount('qc-trend-panel', { instrument: 'HAWKI', param: 'ron_mean', from: Date.now() - 30 * 86_400_000, to: null })
    await page.waitForFunction(() => (document.querySelector('.mounted') as unknown as { pointCount: number }).pointCount > 0)
    await page.locator('.mounted canvas').waitFor()
    const legend = await page.evaluate(() => [...document.querySelector('.mounted')!.shadowRoot!.querySelectorAll('.legend button')].map((s) => s.textContent!.trim()))
    expect(legend.slice(0, 4)).toEqual([1, 2, 3, 4].map((c) => `Chip ${c}, Double_RdRstRd, DIT 10 s`))
    const csv = await page.evaluate(() => (document.querySelector('.mounted') as unknown as { csv(): string }).csv())
    const lines = csv.trim().split('\n')
    expect(lines[0]).toBe('instrument,param,setup,unit,time_utc,mjd,value,product,score,cause')
    expect(lines.length).toBeGreaterThan(50)
    expect(lines[1]).toMatch(/^HAWKI,ron_mean,"?Chip 1, Double_RdRstRd, DIT 10 s"?,ADU,\d{4}-\d\d-\d\dT[\d:.]+Z,\d{5}\.\d{5},[\d.]+,HAWKI\..*\.fits,(green|yellow|red|grey),\w+$/)
  })

  it('trend panel: renders an error state, not a blank, for an unknown parameter', async () => {
    await mount('qc-trend-panel', { instrument: 'HAWKI', param: 'no_such_param', from: null, to: null })
    await page.waitForFunction(() => !(document.querySelector('.mounted') as unknown as { loading: boolean }).loading)
    expect(await page.evaluate(() => document.querySelector('.mounted')!.shadowRoot!.textContent)).toMatch(/No values in this range/)
    expect(errors).toEqual([])
  })
})
