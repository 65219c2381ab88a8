import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportSite } from '../../../server/export/export-site.ts'
import { newPage, shotPath, startDashboard, TOKEN } from '../../helpers/browser.ts'
import type { RunningServer } from '../../helpers/server-process.ts'

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
const text = (f: string) => (f.endsWith('.gz') ? gunzipSync(readFileSync(f)) : readFileSync(f)).toString('utf8')

/** Markers in every field of qc_actions that people write (by, why, and the payload's text). */
const ACTION_MARKS = {
  ruleBy: 'rule-author-x7', ruleWhy: 'rule-reason-x7', flagBy: 'flag-author-x7', flagWhy: 'flag-reason-x7',
  forceBy: 'force-author-x7', forceWhy: 'force-reason-x7', comment: 'internal-comment-x7', commentBy: 'comment-author-x7',
}

describe('public static export', () => {
  let server: RunningServer, browser: Browser, out: string, web: Server
  beforeAll(async () => {
    ({ server, browser } = await startDashboard(120))
    // Every kind of QC action, each field with a marker, on a public parameter: none may reach the export.
    // Who acted is the token's name: one qc token per marker, so every author field carries one.
    const tokenOf = new Map<string, string>()
    for (const by of [ACTION_MARKS.ruleBy, ACTION_MARKS.flagBy, ACTION_MARKS.forceBy, ACTION_MARKS.commentBy]) {
      const res = await fetch(`${server.url}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: by, role: 'qc' }) })
      expect(res.status).toBe(201)
      tokenOf.set(by, (await res.json()).token)
    }
    const post = async (path: string, by: string, body: unknown) => {
      const res = await fetch(`${server.url}/api/v1/actions/${path}`, { method: 'POST', headers: { authorization: `Bearer ${tokenOf.get(by)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
    }
    const series = await (await fetch(`${server.url}/api/v1/series?instrument=UVES&param=ron_master`)).json()
    const s0 = series.series[0], p0 = { instrument: 'UVES', param: 'ron_master', setup: s0.setup, ts: new Date(s0.t[0]).toISOString(), product: s0.product[0] }
    await post('rule', ACTION_MARKS.ruleBy, { instrument: 'UVES', id: 'ron_master:*', warning: 2.5, critical: 4, why: ACTION_MARKS.ruleWhy })
    await post('flag', ACTION_MARKS.flagBy, { ...p0, why: ACTION_MARKS.flagWhy })
    await post('force-ok', ACTION_MARKS.forceBy, { instrument: 'UVES', product: s0.product[1], why: ACTION_MARKS.forceWhy })
    await post('comment', ACTION_MARKS.commentBy, { kind: 'value', ...p0, text: ACTION_MARKS.comment, internal: true })
    // An event marked public reaches the export (markers, news); one not marked does not, nor who entered either.
    const when = new Date(s0.t.at(-1) - 5 * 86_400_000).toISOString()
    for (const [title, pub] of [['public-event-x7', true], ['private-event-x7', false]] as const) {
      const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${tokenOf.get(ACTION_MARKS.commentBy)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ instrument: 'UVES', at: when, kind: 'intervention', title, public: pub, why: ACTION_MARKS.ruleWhy }) })
      expect(res.status, await res.clone().text()).toBe(201)
    }
    out = join(mkdtempSync(join(tmpdir(), 'qcloop-export-')), 'site')
    await exportSite({ url: server.url, out })
  }, 240_000)
  afterAll(async () => { web?.close(); await browser?.close(); server?.proc.kill('SIGTERM') })

  it('leaks nothing that is not public: no private parameter, token, comment, alert, or action author and reason', () => {
    const all = files(out)
    expect(all.length).toBeGreaterThan(20)
    for (const f of all) {
      const t = text(f)
      // The app bundle names alert fields in its code; the data files and pages must not carry any.
      const words = f.endsWith('qcloop.js') ? [TOKEN, ...Object.values(ACTION_MARKS), 'private-event-x7']
        : [TOKEN, ...Object.values(ACTION_MARKS), 'private-event-x7', 'duty_cycle', 'ron_err', 'hot_fraction', 'bias_stdev', 'QC RAW', 'ackedBy', 'recipients', 'silenceReason', 'mountain@', 'OB_24']
      for (const secret of words) expect(t.includes(secret), `${f} contains ${secret}`).toBe(false)
    }
    expect(text(join(out, 'downloads/UVES/BIAS_all.csv.gz')).split('\n')[0]).toMatch(/^# instrument, report/)
    // The whole history also as Parquet (a real Parquet file: magic at both ends), linked from the index.
    const pq = readFileSync(join(out, 'downloads/UVES/BIAS_all.parquet'))
    expect([pq.subarray(0, 4).toString(), pq.subarray(-4).toString()]).toEqual(['PAR1', 'PAR1'])
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="downloads/UVES/BIAS_all.parquet"')
  })

  it('carries the events marked public, for the trend markers and the monitor news', () => {
    const payload = (name: string) => JSON.parse(/^window\.__qcloopData\("[^"]+", (.*)\);\n$/s.exec(text(join(out, `data/${name}.js`)))![1])
    const events = payload('events/UVES').events as { title: string; by?: string }[]
    expect(events.map((e) => e.title).sort()).toEqual(['Blue CCD controller replaced', 'public-event-x7'])
    expect(events.every((e) => e.by === undefined)).toBe(true)
    // Its age as of the data time (the newest value of any instrument, at or after this series' newest).
    expect((payload('health').news as { title: string; ageDays: number }[]).find((n) => n.title === 'public-event-x7')?.ageDays).toBeGreaterThanOrEqual(5)
  })

  it('re-running with no new data changes no file', async () => {
    const before = new Map(files(out).map((f) => [f, statSync(f).mtimeMs]))
    const r = await exportSite({ url: server.url, out })
    expect(r.changed).toBe(false)
    expect(new Map(files(out).map((f) => [f, statSync(f).mtimeMs]))).toEqual(before)
  })

  const check = async (url: string, name: string) => {
    const { page, errors } = await newPage(browser)
    await page.goto(url)
    await page.locator('qc-health-monitor a.cell').first().waitFor()
    expect(await page.locator('qc-health-monitor table.grid tbody tr th .inst').allInnerTexts()).toEqual(['FORS2', 'GIRAFFE', 'HAWKI', 'MUSE', 'UVES'].map((n) => expect.stringContaining(n)))
    expect(await page.locator('.generated').innerText()).toMatch(/Generated .* from data up to 20/)
    await page.locator('a.cell').first().click()
    await page.locator('qc-trend-panel canvas').first().waitFor()
    await page.screenshot({ path: shotPath(`export-${name}.png`), fullPage: true })
    await page.locator('header nav a', { hasText: 'calChecker' }).click()
    await page.locator('qc-calchecker-page button.cell[data-status="MISS"]').first().click()
    await page.locator('qc-calchecker-page table[aria-label="science observations"] tbody tr').first().waitFor()
    expect(await page.locator('qc-calchecker-page .actions').innerText()).toMatch(/take ARC_MXU/)
    await page.screenshot({ path: shotPath(`export-calchecker-${name}.png`), fullPage: true })
    expect(errors).toEqual([])
  }

  it('opens from file:// with every public instrument and a working plot', async () => {
    await check(`file://${out}/index.html`, 'file')
  })

  it('opens from a plain static web server', async () => {
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
    web = createServer((req, res) => {
      const path = join(out, decodeURIComponent(new URL(req.url!, 'http://x').pathname).replace(/\/$/, '/index.html'))
      let body: Buffer
      try { body = readFileSync(path) } catch { res.writeHead(404).end(); return }
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body)
    })
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()))
    await check(`http://127.0.0.1:${(web.address() as { port: number }).port}/`, 'http')
  })
})
