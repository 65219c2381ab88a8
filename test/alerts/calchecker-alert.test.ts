import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { loadCatalogues } from '../../server/catalogue/load-catalogues.ts'
import { frameFromHeader, normaliseKeyword } from '../../server/calchecker/classify-frame.ts'
import { writeFrames } from '../../server/store/frames-store.ts'
import { buildServices, type Services } from '../../server/services.ts'
import { fors2Frame, fors2Set } from '../helpers/fors2-frames.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'

const POLICY = AlertPolicy.parse({ recipients: { default: ['mountain@example.org'] }, validity: false, dashboardUrl: 'http://qc.example.org', stale: { hours: 100_000 }, digest: { enabled: false } })

describe('calChecker alert (real SMTP server)', () => {
  const clock = { now: Date.parse('2024-03-08T15:00:00Z') }
  let s: Services, alerting: Alerting, smtp: SmtpSink
  beforeAll(async () => {
    const cats = loadCatalogues('qc-params')
    s = await buildServices(await openTestStore(), cats, { clock: () => clock.now })
    const assoc = cats.find((c) => c.instrument === 'FORS2')!.calchecker!
    // Imaging on 2024-03-07 with bias and flat, but no standard star.
    const frames = [...fors2Set('SCI_IMG', '2024-03-08T01:00:00Z', 2, { ob: 7 }), ...fors2Set('BIAS', '2024-03-08T10:00:00Z', 5), ...fors2Set('FLAT_SKY', '2024-03-07T23:00:00Z', 3), fors2Frame('BIAS', '2024-03-08T10:30:00Z', { filter: 'x' })]
      .map((h) => frameFromHeader('FORS2', assoc, Object.fromEntries(Object.entries(h).map(([k, v]) => [normaliseKeyword(k), v])), ''))
    await writeFrames(s.store, frames, s.nights, clock.now)
    smtp = new SmtpSink()
    await smtp.start()
    alerting = await startAlerting(s, POLICY, 'signing-key', { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
  })
  afterAll(async () => { alerting.stop(); await smtp.stop() })

  it('stays quiet while the day\'s calibrations run, then asks once for the missing calibration', async () => {
    await alerting.run()
    expect(smtp.messages).toHaveLength(0) // MISS, but not final: the day's calibrations are ongoing
    clock.now = Date.parse('2024-03-08T20:30:00Z')
    await alerting.run()
    expect(smtp.messages).toHaveLength(1)
    const m = smtp.messages[0]
    expect(m.subject).toMatch(/FORS2/)
    expect(m.text).toMatch(/take STD_IMA for \*\/\*_SR_z_SPECIAL_\*x\* today \(before 2024-03-09 01:00 UT\)/)
    expect(m.text).toMatch(/http:\/\/qc\.example\.org\/calchecker\?instrument=FORS2/)
    clock.now += 10 * 60_000
    await alerting.run()
    expect(smtp.messages).toHaveLength(1) // no duplicate while it keeps firing
  })
})
