import { chromium } from 'playwright-core'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
for (let k = 0; k < 4; k++) {
  const p = await b.newPage({ viewport: { width: 1280, height: 800 } })
  const t0 = Date.now()
  await p.goto('http://127.0.0.1:8090/instrument/UVES?report=BIAS&range=all' + (k === 0 ? '' : '&k=' + k))
  await p.waitForFunction(() => {
    const panels = [...(document.querySelector('qc-report-page')?.shadowRoot?.querySelectorAll('qc-trend-panel') ?? [])]
    return panels.length >= 5 && panels.every((p) => !p.loading && p.shadowRoot.querySelector('canvas'))
  }, undefined, { timeout: 60000 })
  const drawn = Date.now() - t0
  const r = await p.evaluate(() => performance.getEntriesByType('resource').filter((x) => x.name.includes('/api/')).map((x) => [x.name.replace(location.origin, '').slice(0, 50), Math.round(x.startTime), Math.round(x.responseEnd)]))
  console.log(drawn, JSON.stringify(r))
  await p.close()
}
await b.close()
