import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { num } from '../../web/src/format.ts'
import { newPage, shotPath, signIn, startDashboard, TOKEN } from '../helpers/browser.ts'
import type { RunningServer } from '../helpers/server-process.ts'

interface Px { setup: string; i: number; x: number; y: number; value: number; product: string }
const pixels = (panel: Locator) => panel.evaluate((el) => (el as unknown as { pointPixels(): Px[] }).pointPixels())

/** Per setup, one point with no other point of any setup within `clear` px (so the pixel names it alone), inside the plot. */
async function isolatedPoints(panel: Locator, clear = 12): Promise<Px[]> {
  const all = await pixels(panel)
  const box = (await panel.locator('.u-over').boundingBox())!
  const inside = (p: Px) => p.x > box.x + 15 && p.x < box.x + box.width - 15 && p.y > box.y + 10 && p.y < box.y + box.height - 10
  const bySetup = new Map<string, Px>()
  for (const p of all) {
    if (bySetup.has(p.setup) || !inside(p)) continue
    if (all.every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > clear)) bySetup.set(p.setup, p)
  }
  return [...bySetup.values()]
}

describe('trend explorer and health monitor in real Chromium', () => {
  let server: RunningServer, browser: Browser
  beforeAll(async () => { ({ server, browser } = await startDashboard(200)) }, 180_000)
  afterAll(async () => { await browser?.close(); server?.proc.kill('SIGTERM') })

  const open = async (path: string): Promise<{ page: Page; errors: string[] }> => {
    const r = await newPage(browser)
    await r.page.goto(server.url + path)
    return r
  }

  it('hover and click pick the point under the cursor, for every setup of a 6-setup plot', async () => {
    const { page, errors } = await open('/instrument/UVES?report=BIAS&param=ron_raw')
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    await expect.poll(async () => (await pixels(panel)).length).toBeGreaterThan(100)
    const targets = await isolatedPoints(panel)
    expect(new Set(targets.map((t) => t.setup)).size).toBe(6)
    const details = page.locator('qc-point-details')
    for (const t of targets) {
      await page.mouse.move(t.x, t.y)
      await expect.poll(() => panel.locator('.tip').innerText()).toContain(t.product)
      await page.mouse.click(t.x, t.y)
      await expect.poll(() => details.locator('[data-product]').innerText()).toBe(t.product)
      expect(await details.locator('[data-setup]').innerText()).toBe(t.setup)
      expect(await details.locator('h3').first().innerText()).toBe(`ron_raw = ${num(t.value)}`)
    }
    // Far from every point, a click selects nothing new.
    const box = (await panel.locator('.u-over').boundingBox())!
    const all = await pixels(panel)
    const empty = [0.05, 0.1, 0.9, 0.95].flatMap((fy) => [0.3, 0.5, 0.7].map((fx) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy })))
      .find((p) => all.every((q) => Math.hypot(q.x - p.x, q.y - p.y) > 40))
    if (empty) {
      await page.mouse.move(empty.x, empty.y)
      expect(await panel.locator('.tip').count()).toBe(0)
    }
    await page.screenshot({ path: shotPath('report-uves-bias-6-setups.png'), fullPage: true })
    expect(errors, errors.join("\n")).toEqual([])
  })

  it('a drifting parameter shows its forecast: the sentence, and the fitted line drawn to its limit', async () => {
    const { page, errors } = await open('/instrument/HAWKI?report=DARK&param=dark_median&range=90d')
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    const chip4 = 'Chip 4, Double_RdRstRd, DIT 10 s'
    const forecast = panel.locator(`.forecast[data-setup="${chip4}"]`)
    await expect.poll(() => forecast.count()).toBe(1)
    expect(await forecast.innerText()).toMatch(/^↗ forecast \(Chip 4, Double_RdRstRd, DIT 10 s\): reaches warning 3 ADU around \d{4}-\d\d-\d\d, \d+–\d+ days \(trend 0\.0\d+ ADU\/day over \d+ values\)$/)
    expect(await panel.locator('.forecast').count()).toBe(1) // the other chips are flat
    type End = { setup: string; x: number; y: number; rgba: number[] }
    await expect.poll(async () => (await panel.evaluate((el) => (el as unknown as { forecastPixels(): End[] }).forecastPixels())).length).toBe(1)
    const [end] = await panel.evaluate((el) => (el as unknown as { forecastPixels(): End[] }).forecastPixels())
    const pts = (await pixels(panel)).filter((p) => p.setup === chip4)
    // The crossing lies after chip 4's newest point, at the height of 3 ADU on the value axis the points define.
    const newest = pts.reduce((m, p) => (p.x > m.x ? p : m))
    expect(end.x).toBeGreaterThan(newest.x)
    const [a, b] = [pts.reduce((m, p) => (p.value < m.value ? p : m)), pts.reduce((m, p) => (p.value > m.value ? p : m))]
    const y3 = a.y + ((3 - a.value) / (b.value - a.value)) * (b.y - a.y)
    expect(Math.abs(end.y - y3)).toBeLessThan(1.5)
    // And something is painted there: the ring around the crossing, not the white background.
    expect(end.rgba[3]).toBeGreaterThan(0)
    expect(end.rgba.slice(0, 3).every((c) => c > 240)).toBe(false)
    await page.screenshot({ path: shotPath('forecast-hawki-dark.png'), fullPage: true })
    // The monitor: the series is yellow with the forecast as its reason.
    const health = (await (await fetch(`${server.url}/api/v1/health/HAWKI`)).json()) as { instruments: { reports: { name: string; params: { param: string; setup: string; score: string; cause: string; reason: string; drift?: { text: string; finding: { cause: string } } }[] }[] }[] }
    const p = health.instruments[0].reports.find((r) => r.name === 'DARK')!.params.find((x) => x.param === 'dark_median' && x.setup === chip4)!
    expect(p.drift?.finding.cause).toBe('drift')
    // Yellow either way: by the forecast while the newest value is green, by its own warning once a value crosses.
    expect(p.score).toBe('yellow')
    expect(p.cause === 'drift' ? p.reason : p.drift!.text).toMatch(/^reaches warning 3 ADU around /)
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('the correlation view pairs two parameters of one product; hovering a point names its product', async () => {
    const { page, errors } = await open('/instrument/UVES?report=BIAS&param=ron_master&range=90d')
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    await panel.getByRole('button', { name: 'correlate ron_master with another parameter' }).click()
    const view = page.locator('qc-correlation-view')
    await view.getByLabel('partner parameter').selectOption('ron_raw')
    await expect.poll(() => view.locator('[data-stats]').count()).toBe(1)
    // The demo's ron_raw follows ron_master (one master bias carries both): strongly correlated.
    const stats = await view.locator('[data-stats]').innerText()
    const [, n, rho] = /^(\d+) pairs · r = [\d.-]+ · ρ = ([\d.-]+) · y = .+ \(Theil–Sen\)/.exec(stats) ?? []
    expect(Number(n)).toBeGreaterThan(30)
    expect(Number(rho)).toBeGreaterThan(0.7)
    type P = { x: number; y: number; product: string; xv: number; yv: number }
    const pts = await view.evaluate((el) => (el as unknown as { pairPixels(): P[] }).pairPixels())
    expect(pts).toHaveLength(Number(n))
    const lone = pts.find((p) => pts.every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > 10))!
    await page.mouse.move(lone.x, lone.y)
    await expect.poll(() => view.locator('.tip').innerText()).toContain(lone.product)
    expect(await view.locator('.tip').innerText()).toContain(`ron_raw = ${num(lone.yv)}`)
    // The partner under the panel, on the same time axis: its points, of the same setup.
    await view.getByRole('button', { name: 'Show ron_raw under ron_master' }).click()
    const aux = page.locator('qc-trend-panel.aux')
    await aux.locator('canvas').waitFor()
    await expect.poll(async () => (await pixels(aux)).length).toBe(Number(n))
    expect([...new Set((await pixels(aux)).map((p) => p.setup))]).toEqual([await view.evaluate((el) => (el as unknown as { setup: string }).setup)])
    await page.screenshot({ path: shotPath('correlation-uves-ron.png'), fullPage: true })
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('tabs, links, zoom and Back work without a reload, and a zoomed view reloads zoomed', async () => {
    const { page, errors } = await open('/instrument/UVES?report=BIAS&param=ron_raw')
    await page.locator('qc-trend-panel canvas').first().waitFor()
    await page.evaluate(() => { (window as unknown as { __same: boolean }).__same = true })
    const titles = () => page.locator('qc-trend-panel h3').allInnerTexts()
    await page.getByRole('link', { name: 'all parameters of BIAS' }).click()
    await expect.poll(async () => (await titles()).length).toBeGreaterThan(1)
    await page.locator('nav.reports a', { hasText: 'DARK' }).click()
    await expect.poll(titles).toEqual([expect.stringContaining('hot_pixels')])
    expect(page.url()).toMatch(/report=DARK/)
    await page.goBack()
    await expect.poll(async () => (await titles()).length).toBeGreaterThan(1)
    await page.goBack()
    await expect.poll(titles).toEqual([expect.stringContaining('ron_raw')])
    // Zoom: a history entry, in the URL.
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    const shown = () => panel.evaluate((el) => (el as unknown as { shown: [number, number] | null }).shown)
    await expect.poll(shown).not.toBeNull()
    const before = (await shown())!
    const box = (await panel.locator('.u-over').boundingBox())!
    await page.mouse.move(box.x + box.width * 0.4, box.y + 5)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.6, box.y + 5, { steps: 5 })
    await page.mouse.up()
    await expect.poll(() => decodeURIComponent(page.url())).toMatch(/zoom=\d{4}-\d\d-\d\dT[\d:]+Z\.\.\d{4}/)
    await expect.poll(async () => { const s = await shown(); return s ? s[1] - s[0] : Infinity }).toBeLessThan((before[1] - before[0]) * 0.4)
    const zoomed = (await shown())!
    expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true)
    await page.reload()
    await page.locator('qc-trend-panel canvas').first().waitFor()
    await expect.poll(async () => { const s = await shown(); return s ? Math.abs(s[0] - zoomed[0]) < 2000 && Math.abs(s[1] - zoomed[1]) < 2000 : false }).toBe(true)
    await page.goBack()
    await expect.poll(() => page.url()).not.toMatch(/zoom=/)
    await expect.poll(async () => { const s = await shown(); return s ? s[1] - s[0] : 0 }).toBeGreaterThan((before[1] - before[0]) * 0.9)
    // calChecker: opening a cell and paging weeks are history entries; Back closes, never leaves the app.
    await page.locator('header nav a', { hasText: 'calChecker' }).click()
    const cells = page.locator('qc-calchecker-page button.cell')
    await cells.first().click()
    const obs = page.locator('qc-calchecker-page table[aria-label="science observations"]')
    await obs.waitFor()
    expect(page.url()).toMatch(/of=FORS2/)
    await page.goBack()
    await expect.poll(() => obs.count()).toBe(0)
    expect(page.url()).toMatch(/\/calchecker$/)
    await page.goBack()
    await expect.poll(() => page.url()).toMatch(/\/instrument\/UVES/)
    await page.locator('qc-trend-panel canvas').first().waitFor()
    expect(errors, errors.join("\n")).toEqual([])
  })

  it('every setup shows its own limits, and the legend hides or isolates a setup', async () => {
    const { page, errors } = await open('/instrument/UVES?report=BIAS&param=ron_raw')
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    type Band = { setup: string; shown: boolean; warnLo: (number | null)[]; critHi: (number | null)[] }
    const bands = () => panel.evaluate((el) => (el as unknown as { bands(): Band[] }).bands())
    await expect.poll(async () => (await bands()).length).toBe(6)
    const b = await bands()
    const last = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null).at(-1)
    for (const s of b) {
      expect(s.shown, s.setup).toBe(true)
      expect(last(s.warnLo), s.setup).toBeTypeOf('number')
    }
    // Statistical limits around each setup's own level: six different bands, not the first setup's six times.
    expect(new Set(b.map((s) => last(s.warnLo)!.toFixed(3))).size).toBe(6)
    const legend = panel.locator('.legend button')
    await legend.nth(1).click()
    await expect.poll(async () => (await bands()).map((s) => s.shown)).toEqual([true, false, true, true, true, true])
    await legend.nth(3).dblclick()
    await expect.poll(async () => (await bands()).map((s) => s.shown)).toEqual([false, false, false, true, false, false])
    expect(errors, errors.join("\n")).toEqual([])
  })

  it('a red tile names its culprit and leads to its panel; the instrument light counts expired calibrations', async () => {
    const { page, errors } = await open('/')
    const tile = page.locator('qc-health-monitor a.cell[data-score="red"]', { hasText: 'BIAS' }).first()
    await tile.waitFor()
    const uvesBias = page.locator('qc-health-monitor tr', { hasText: 'UVES' }).locator('a.cell', { hasText: 'BIAS' })
    expect(await uvesBias.locator('[data-culprit]').innerText()).toMatch(/^ron_raw/)
    expect(await uvesBias.getAttribute('href')).toMatch(/report=BIAS&param=ron_raw/)
    // GIRAFFE's flat is 11 nights old: its light is red, and says why.
    const giraffe = page.locator('qc-health-monitor tbody tr', { hasText: 'GIRAFFE' })
    expect(await giraffe.locator('th qc-score-light').first().evaluate((el) => el.shadowRoot!.querySelector('svg')!.getAttribute('aria-label'))).toBe('GIRAFFE: critical')
    expect(await giraffe.locator('ul.causes').innerText()).toMatch(/FLAT expired/)
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.screenshot({ path: shotPath('health-monitor-1920.png') })
    await uvesBias.click()
    await expect.poll(() => page.locator('qc-trend-panel h3').allInnerTexts()).toEqual([expect.stringContaining('ron_raw')])
    // The panel's light comes with the health answer, which may arrive after the panel is drawn.
    await expect.poll(() => page.locator('qc-trend-panel').first().locator('qc-score-light').first().getAttribute('score')).toBe('red')
    expect(errors, errors.join("\n")).toEqual([])
  })

  it('after marking a value false, the details and the plot show it at once', async () => {
    const { page, errors } = await open('/instrument/UVES?report=BIAS&param=ron_master')
    await signIn(page, TOKEN)
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    await expect.poll(async () => (await pixels(panel)).length).toBeGreaterThan(100)
    const [t] = await isolatedPoints(panel)
    await page.mouse.move(t.x, t.y)
    await page.mouse.click(t.x, t.y)
    const details = page.locator('qc-point-details')
    await expect.poll(() => details.locator('[data-product]').innerText()).toBe(t.product)
    await details.locator('textarea[name=why]').fill('shutter fault')
    await details.getByRole('button', { name: 'Mark value false' }).click()
    await expect.poll(() => details.locator('[data-flagged]').innerText()).toMatch(/^Marked false by admin, \d{4}-\d\d-\d\d \d\d:\d\d UT: shutter fault$/)
    await expect.poll(() => details.locator('[data-score]').innerText()).toMatch(/excluded/)
    const cause = () => panel.evaluate((el, p) => {
      const d = (el as unknown as { data?: { series: { setup: string; product: string[]; cause: string[] }[] } }).data
      const s = d?.series.find((x) => x.setup === p.setup)
      return s ? s.cause[s.product.indexOf(p.product)] : null
    }, t)
    await expect.poll(cause).toBe('excluded')
    await details.getByRole('button', { name: 'Clear mark' }).click()
    await expect.poll(() => details.locator('[data-flagged]').count()).toBe(0)
    await expect.poll(cause).not.toBe('excluded')
    expect(errors, errors.join("\n")).toEqual([])
  })

  it('a QC scientist previews and applies new limits from the page; the rule change shows who and why', async () => {
    const { page, errors } = await open('/instrument/UVES?report=BIAS&param=ron_master')
    await signIn(page, TOKEN)
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    await panel.getByRole('button', { name: 'Limits…' }).click()
    const editor = page.locator('qc-threshold-editor')
    await editor.locator('select[name=rule]').waitFor()
    // Statistical ±k sigma: a tight warning band turns many past values yellow.
    await editor.locator('input[name=warning]').fill('0.5')
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)
    await editor.locator('input[name=from]').fill(from)
    await editor.getByRole('button', { name: 'Preview' }).click()
    const preview = editor.locator('[data-preview]')
    await preview.waitFor()
    expect(await preview.innerText()).toMatch(new RegExp(`^Since ${from}: [1-9]\\d* of \\d+ values would change score: .*green → yellow \\d+`))
    await page.screenshot({ path: shotPath('threshold-editor.png'), fullPage: true })
    await editor.locator('textarea[name=why]').fill('tighter after the controller swap')
    await editor.locator('input[name=rescore]').check()
    await editor.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => editor.locator('[role=status]').innerText()).toMatch(/^Applied: version 2 from .*re-scored/)
    const rules = await (await fetch(`${server.url}/api/v1/series?instrument=UVES&param=ron_master`)).json()
    expect(rules.rules).toContainEqual(expect.objectContaining({ version: 2, warning: 0.5, by: 'admin', why: 'tighter after the controller swap' }))
    // The panel redraws with the new version's marker; hovering it names who changed what and why.
    await expect.poll(() => panel.evaluate((el) => (el as unknown as { data?: { rules: { version: number }[] } }).data?.rules.some((r) => r.version === 2))).toBe(true)
    const x = await panel.evaluate((el, f) => {
      const p = el as unknown as { shadowRoot: ShadowRoot; shown: [number, number] }
      const over = p.shadowRoot.querySelector('.u-over')!.getBoundingClientRect()
      return over.left + ((Date.parse(`${f}T00:00:00Z`) - p.shown[0]) / (p.shown[1] - p.shown[0])) * over.width
    }, from)
    const box = (await panel.locator('.u-over').boundingBox())!
    for (const y of [0.05, 0.95, 0.5, 0.15, 0.85]) {
      await page.mouse.move(x, box.y + box.height * y)
      if ((await panel.locator('.tip').count()) && (await panel.locator('.tip').innerText()).includes('limits changed')) break
    }
    expect(await panel.locator('.tip').innerText()).toMatch(/limits changed: .* v2 from .*\n?by admin: tighter after the controller swap/)
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('an operator acknowledges and silences an alert from the monitor; alerts are grouped per instrument and parameter', async () => {
    const { page, errors } = await open('/')
    await signIn(page, TOKEN)
    const alerts = page.locator('qc-alerts-panel')
    await alerts.locator('h3').first().waitFor()
    const groups = await alerts.locator('h3').allInnerTexts()
    expect(groups.some((g) => /^UVES · ron_raw \(\d+\)$/.test(g))).toBe(true)
    expect([...groups].sort((a, b) => a.localeCompare(b))).toEqual(groups)
    const item = alerts.locator('li', { hasText: 'ron_raw' }).first()
    expect(await item.locator('.muted').first().innerText()).toMatch(/^since \d{4}-\d\d-\d\d \d\d:\d\d UT/)
    expect(await item.locator('a').getAttribute('href')).toMatch(/\/instrument\/UVES\?report=BIAS&param=ron_raw/)
    await item.getByRole('button', { name: 'Acknowledge' }).click()
    await expect.poll(() => item.locator('.muted').first().innerText()).toMatch(/acknowledged by admin/)
    await item.locator('input[name=until]').fill(new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10))
    await item.locator('input[name=reason]').fill('detector warm-up')
    await item.getByRole('button', { name: 'Silence' }).click()
    await expect.poll(() => item.locator('.kind').innerText()).toBe('silenced')
    expect(await item.locator('.muted').first().innerText()).toMatch(/silenced until .*: detector warm-up \(admin\)/)
    // A technical night over now for UVES BIAS: the alert says it is muted by it, and until when.
    // The server's clock (QCLOOP_CLOCK), not this machine's.
    const now = Date.parse(((await (await fetch(`${server.url}/api/v1/health`)).json()) as { now: string }).now)
    const until = new Date(now + 86_400_000).toISOString()
    const ev = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ instrument: 'UVES', kind: 'technical', at: new Date(now - 3_600_000).toISOString(), until, title: 'CCD <i>warm-up</i>', scope: { reports: ['BIAS'] } }) })
    expect(ev.status).toBe(201)
    await page.reload()
    const again = page.locator('qc-alerts-panel li', { hasText: 'ron_raw' }).first()
    await expect.poll(() => again.locator('[data-muted]').innerText({ timeout: 1000 }).catch(() => '')).toBe(`muted (CCD <i>warm-up</i>, until ${until.slice(0, 16).replace('T', ' ')} UT): not mailed`)
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('MUSE BIAS with 96 setups: a summary that makes one bad setup stand out, and small multiples by IFU', async () => {
    const { page, errors } = await open('/instrument/MUSE?report=BIAS&param=ron')
    const panel = page.locator('qc-trend-panel').first()
    await panel.locator('canvas').waitFor()
    await panel.locator('[data-summary]').waitFor()
    const legend = await panel.locator('.legend button').allInnerTexts()
    expect(legend.slice(0, 3)).toEqual(['median of 96 setups', 'lowest setup', 'highest setup'])
    expect(legend.slice(3)).toHaveLength(3)
    for (const l of legend.slice(3)) expect(l).toMatch(/^IFU \d\d, SCI1\.0, 1x1, quadrant \d$/)
    await page.screenshot({ path: shotPath('muse-bias-summary.png'), fullPage: true })
    await page.locator('nav.group button', { hasText: 'by IFU (24)' }).click()
    await expect.poll(() => page.locator('qc-trend-panel').count()).toBe(24)
    expect(await page.locator('qc-trend-panel h3').first().innerText()).toMatch(/ron · IFU 01/)
    await expect.poll(() => page.locator('qc-trend-panel').nth(23).evaluate((el) => (el as unknown as { pointCount: number }).pointCount), { timeout: 20_000 }).toBeGreaterThan(0)
    expect(decodeURIComponent(page.url())).toMatch(/group=0/)
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.screenshot({ path: shotPath('muse-bias-by-ifu.png'), fullPage: true })
    await page.goBack()
    await panel.locator('[data-summary]').waitFor()
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('no page scrolls sideways on a 390 px phone; a 1920 px screen is used; each page has its own title', async () => {
    const { page, errors } = await newPage(browser)
    const titles = new Set<string>()
    for (const [path, ready] of [['/', 'qc-health-monitor a.cell'], ['/instrument/UVES?report=BIAS', 'qc-trend-panel canvas'], ['/calchecker', 'qc-calchecker-page button.cell'], ['/catalogue', 'qc-catalogue-list table']] as const) {
      await page.setViewportSize({ width: 390, height: 844 })
      await page.goto(server.url + path)
      await page.locator(ready).first().waitFor()
      await page.waitForTimeout(300)
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390)
      titles.add(await page.title())
      await page.setViewportSize({ width: 1920, height: 1080 })
      await page.waitForTimeout(100)
      expect(await page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().width), path).toBeGreaterThan(1850)
    }
    expect(titles.size).toBe(4)
    expect(errors, errors.join('\n')).toEqual([])
  })
})
