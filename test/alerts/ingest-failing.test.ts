import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { createApp } from '../../server/app.ts'
import { loadCatalogues } from '../../server/catalogue/load-catalogues.ts'
import { buildServices, type Services } from '../../server/services.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'
import { readFileSync } from 'node:fs'

const POLICY = AlertPolicy.parse({ recipients: { default: ['mountain@example.org'] }, validity: false, calchecker: false, stale: { hours: 100_000 }, ingestFailures: { perHour: 3 } })
const H = 3_600_000, T0 = Date.UTC(2024, 2, 12, 10), TOKEN = 'ingest-token'
const GOOD = readFileSync('test/fixtures/eso/products/uves/night01/masterbias_blue.fits')

/**
 * Product files that fail ingestion are recorded with their reason; more than N of one
 * instrument within an hour is an "ingestion failing" alert: one email, one resolution once the
 * hour has passed without new failures. Real SMTP server, injected clock.
 */
describe('ingestion failing', () => {
  let s: Services, alerting: Alerting, smtp: SmtpSink, app: ReturnType<typeof createApp>
  const clock = { now: T0 }
  const upload = (name: string, body: Buffer) => app.request(`/api/v1/products?name=${name}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'application/fits', authorization: `Bearer ${TOKEN}` } })
  /** A UVES product observed in 1970 (MJD 40600): read, then refused (observation time out of range). */
  const broken = () => {
    const b = Buffer.from(GOOD), i = b.indexOf('MJD-OBS =')
    b.write('40600.0'.padStart(20), i + 10, 'latin1')
    return b
  }
  beforeEach(async () => {
    clock.now = T0
    smtp = new SmtpSink(); await smtp.start()
    s = await buildServices(await openTestStore(), loadCatalogues('qc-params'), { clock: () => clock.now })
    alerting = await startAlerting(s, POLICY, TOKEN, { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
    app = createApp(s, { token: TOKEN, maxBodyBytes: 1 << 24 })
  })
  afterEach(async () => { alerting.stop(); await smtp.stop() })

  it('three refusals in an hour send nothing; a fourth sends one email; an hour later it resolves once', async () => {
    expect((await upload('ok.fits', GOOD)).status).toBe(200)
    for (let k = 0; k < 3; k++) { expect((await upload(`bad${k}.fits`, broken())).status).toBe(422); clock.now += 5 * 60_000; await alerting.run() }
    expect(smtp.messages).toHaveLength(0)
    expect((await upload('bad3.fits', broken())).status).toBe(422)
    await alerting.run()
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] UVES: 1 critical alert — ingest'])
    expect(smtp.messages[0].text).toMatch(/ingestion failing: 4 product files refused in the last hour \(more than 3\); newest bad3\.fits: /)
    clock.now += 30 * 60_000; await alerting.run()
    expect(smtp.messages).toHaveLength(1)
    clock.now += H; await alerting.run()
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] UVES: 1 critical alert — ingest', '[qcloop] UVES: resolved: 1 alert — ingest'])
  })
})
