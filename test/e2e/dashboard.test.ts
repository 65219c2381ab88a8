import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPage, shotPath, signIn, startDashboard, TOKEN } from '../helpers/browser.ts'
import type { RunningServer } from '../helpers/server-process.ts'

describe('dashboard in real Chromium', () => {
  let server: RunningServer, browser: Browser
  beforeAll(async () => { ({ server, browser } = await startDashboard()) }, 180_000)
  afterAll(async () => { await browser?.close(); server?.proc.kill('SIGTERM') })

  it('the health grid shows every demo instrument, and a red cell leads to its plot', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(server.url + '/')
    const rows = page.locator('qc-health-monitor table.grid tbody tr')
    await rows.first().waitFor()
    expect(await rows.locator('th .inst').allInnerTexts()).toEqual(['FORS2', 'GIRAFFE', 'HAWKI', 'MUSE', 'UVES'].map((n) => expect.stringContaining(n)))
    // The demo ends in a current critical situation: its alert fires on the page.
    await expect.poll(() => page.locator('qc-alerts-panel li').count()).toBeGreaterThan(0)
    expect(await page.locator('qc-alerts-panel li').allInnerTexts()).toContainEqual(expect.stringMatching(/FIRING/))
    await page.screenshot({ path: shotPath('health-monitor.png'), fullPage: true })
    const red = page.locator('a.cell[data-score="red"]').first()
    const href = await red.getAttribute('href')
    expect(href).toMatch(/^\/instrument\/\w+\?report=\w+/)
    await red.click()
    await page.waitForURL((u) => u.pathname.startsWith('/instrument/'))
    await page.locator('qc-trend-panel canvas').first().waitFor()
    expect(await page.locator('qc-trend-panel').count()).toBeGreaterThan(0)
    // The red parameter's plot shows a red value and its reason is reachable from the attention list.
    await page.goBack()
    const attention = page.locator('ul.attention li').first()
    await attention.waitFor()
    expect(await attention.innerText()).toMatch(/above the critical limit|below the critical limit/)
    await attention.locator('a').click()
    await page.locator('qc-trend-panel canvas').first().waitFor()
    expect(page.url()).toMatch(/param=/)
    await page.waitForTimeout(300)
    await page.screenshot({ path: shotPath('report-page.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('the calChecker page puts the actions on top, shows OK, NOK and MISS per setup and night, and a cell opens its observations', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(server.url + '/')
    // The health monitor carries calChecker's verdict; it leads to the page.
    const light = page.locator('qc-health-monitor a.calchecker[href="/calchecker?instrument=FORS2"]')
    await light.waitFor()
    expect(await light.innerText()).toMatch(/calChecker MISS/)
    await light.click()
    await page.waitForURL((u) => u.pathname === '/calchecker' && u.search === '?instrument=FORS2')
    const table = page.locator('qc-calchecker-page table[aria-label="calChecker FORS2 setups by night"]')
    await table.waitFor()
    expect(await page.locator('qc-calchecker-page .actions li').allInnerTexts()).toContainEqual(expect.stringMatching(/^take ARC_MXU for .*GRIS_300V.* — MISS, for 3 file\(s\) of SCI_MXU/))
    expect(await page.locator('qc-calchecker-page .lost li').allInnerTexts()).toContainEqual(expect.stringMatching(/SCI_MXU .* missing ARC_MXU/))
    const statuses = new Set(await table.locator('button.cell').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-status'))))
    expect(statuses).toEqual(new Set(['OK', 'NOK', 'MISS']))
    await table.locator('button.cell[data-status="NOK"]').first().click()
    const obs = page.locator('qc-calchecker-page table[aria-label="science observations"] tbody tr')
    await obs.first().waitFor()
    expect(await obs.first().innerText()).toMatch(/BIAS: -?\d+\.\d\d.*FLAT_SKY: \d+\.\d\d \(NOK\)/)
    expect(page.url()).toMatch(/of=FORS2&night=\d{4}-\d{2}-\d{2}/)
    // The opened cell is a link: loading it again opens the same observations.
    await page.reload()
    await obs.first().waitFor()
    expect(await obs.first().innerText()).toMatch(/FLAT_SKY: \d+\.\d\d \(NOK\)/)
    // A QC scientist grades the OB right there.
    await signIn(page, TOKEN)
    await obs.first().waitFor()
    const grade = obs.first().locator('select')
    const ob = (await grade.getAttribute('aria-label'))!.match(/OB (\d+)/)![1]
    await grade.selectOption('B')
    await expect.poll(() => page.locator('qc-calchecker-page .grading [role="status"]').innerText()).toBe(`OB ${ob} graded B.`)
    const night = new URL(page.url()).searchParams.get('night')
    const api = await (await fetch(`${server.url}/api/v1/calchecker/FORS2/${night}/frames`)).json()
    expect(api.observations.find((o: { obId: number }) => o.obId === Number(ob)).grade).toBe('B')
    await page.screenshot({ path: shotPath('calchecker.png'), fullPage: true })
    // Paging back a week and to the latest again.
    const firstNight = async () => (await table.locator('thead th').nth(2).innerText()).slice(0, 10)
    const newest = await firstNight()
    await page.locator('qc-calchecker-page nav.pager button', { hasText: 'earlier' }).click()
    await expect.poll(firstNight).toBe(new Date(Date.parse(newest) - 7 * 86_400_000).toISOString().slice(0, 10))
    expect(page.url()).toMatch(/to=\d{4}-\d{2}-\d{2}/)
    await page.locator('qc-calchecker-page nav.pager button', { hasText: 'latest' }).click()
    await expect.poll(firstNight).toBe(newest)
    expect(errors).toEqual([])
  })

  it('zooming changes the visible range and fetches full resolution; hover shows the product', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(server.url + '/instrument/UVES?report=BIAS&param=ron_master&range=all')
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    await expect.poll(() => panel.locator('.count').innerText()).toMatch(/\d+ points/)
    const before = await panel.evaluate((el) => (el as unknown as { shown: [number, number] | null }).shown)
    const over = panel.locator('.u-over')
    const box = (await over.boundingBox())!
    const seriesRequest = page.waitForRequest((r) => r.url().includes('/api/v1/series') && r.url().includes('from='))
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 })
    await page.mouse.up()
    await seriesRequest
    await expect.poll(() => panel.evaluate((el) => (el as unknown as { shown: [number, number] | null }).shown)).not.toEqual(before)
    const after = await panel.evaluate((el) => (el as unknown as { shown: [number, number] | null }).shown)
    expect(after![1] - after![0]).toBeLessThan((before![1] - before![0]) * 0.5)
    await expect.poll(() => panel.locator('.count').innerText()).toMatch(/^\d+ points$/) // full resolution, no longer reduced
    // Hover over the middle of the zoomed plot: the tooltip names a product file.
    for (const fx of [0.5, 0.3, 0.7, 0.45, 0.55]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height / 2)
      if (await panel.locator('.tip').count()) break
    }
    expect(await panel.locator('.tip').innerText()).toMatch(/UVES\..*\.fits/)
    expect(await panel.locator('.tip').innerText()).toMatch(/MJD \d+\.\d+/)
    expect(errors).toEqual([])
  })

  it('marking a value false from the page changes its score', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(server.url + '/instrument/UVES?report=BIAS&param=ron_raw')
    await page.locator('qc-trend-panel canvas').first().waitFor()
    const series = await (await fetch(`${server.url}/api/v1/series?instrument=UVES&param=ron_raw&setup=${encodeURIComponent('BLUE, 225kHz/1port/low_gain, 1x1, port 1')}`)).json()
    const s = series.series[0]
    const i = s.t.length - 1
    expect(s.score[i]).toBe('red')
    // Select the newest point as a click on it would.
    const select = () => page.locator('qc-trend-panel').first().evaluate((el, d) => el.dispatchEvent(new CustomEvent('point-select', { detail: d, bubbles: true, composed: true })),
      { instrument: 'UVES', param: 'ron_raw', setup: s.setup, t: s.t[i], value: s.value[i], product: s.product[i], score: s.score[i], cause: s.cause[i] })
    await select()
    const details = page.locator('qc-point-details')
    await details.locator('[data-product]').waitFor()
    expect(await details.locator('[data-product]').innerText()).toBe(s.product[i])
    await details.locator('table[aria-label="QC values of the product"] tr').first().waitFor()
    // Signed out, the page offers no actions; signed in with a qc/admin token it does (the page reloads as that identity).
    await details.getByText(/Sign in with a qc or admin token/).waitFor()
    await signIn(page, TOKEN)
    await page.locator('qc-trend-panel').first().waitFor()
    await select()
    await details.locator('table[aria-label="QC values of the product"] tr').first().waitFor()
    await details.locator('textarea[name=why]').fill('test frame')
    await details.getByRole('button', { name: 'Mark value false' }).click()
    await expect.poll(() => details.locator('[role=status]').innerText()).toMatch(/Marked false/)
    const again = await (await fetch(`${server.url}/api/v1/series?instrument=UVES&param=ron_raw&setup=${encodeURIComponent(s.setup)}`)).json()
    expect(again.series[0].cause.at(-1)).toBe('excluded')
    expect(again.series[0].score.at(-1)).toBe('grey')
    expect(errors).toEqual([])
  })

  it('says so when the server is unreachable, instead of a blank page', async () => {
    const { page } = await newPage(browser)
    await page.goto(server.url + '/')
    await page.locator('a.cell').first().waitFor()
    await page.route('**/api/v1/**', (r) => r.abort())
    await page.goto(server.url + '/catalogue')
    expect(await page.locator('[role=alert]').innerText()).toMatch(/cannot be reached|Cannot load/)
  })
})
