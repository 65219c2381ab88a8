import { chromium } from 'playwright-core'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
for (let k = 0; k < 4; k++) {
const p = await b.newPage()
const t0 = Date.now()
await p.goto('http://127.0.0.1:8090/')
await p.locator('qc-health-monitor a.cell').first().waitFor()
console.log(Date.now() - t0)
await p.close()
}
await b.close()
