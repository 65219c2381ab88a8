import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { createApp } from '../../server/app.ts'
import { buildServices, type Services } from '../../server/services.ts'
import { testCatalogue } from '../helpers/test-catalogue.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'

/** A flat that depends on the bias: BIAS valid one night and inhibiting FLAT's critical alerts while expired. */
const CAT = testCatalogue(
  { BIAS: ['{ name: ron, keyword: ESO QC RON, unit: ADU, class: CAL }'], FLAT: ['{ name: flux, keyword: ESO QC FLUX, unit: ADU, class: KPI }'] },
  ['{ param: ron, type: fixed, critical: [0, 10] }', '{ param: flux, type: fixed, critical: [100, 1000] }'],
  'validity:\n  - { report: BIAS, nights: 1, setups: ["BLUE*"], inhibits: [FLAT] }\n',
)
const POLICY = AlertPolicy.parse({ recipients: { default: ['mountain@example.org'] }, calchecker: false, stale: { hours: 10_000 }, digest: { enabled: false } })
const H = 3_600_000, D = 24 * H, T0 = Date.UTC(2026, 0, 10, 22), TOKEN = 'inhibit-token'

/**
 * An expired calibration inhibits the parameter alerts that depend on it (declared in the
 * catalogue): the expired bias is told, the flat judged against it is evaluated and shown as
 * inhibited but not sent; once a bias is taken again and the flat is still critical, it is sent,
 * once. A flat of a setup the bias line does not cover is not inhibited. Real SMTP, injected clock.
 */
describe('inhibition by an expired calibration', () => {
  let s: Services, alerting: Alerting, smtp: SmtpSink, app: ReturnType<typeof createApp>
  const clock = { now: T0 }
  let n = 0
  const row = (report: string, param: string, setup: string, v: number) => ({ instrument: 'TEST', report, param, setup, tsMs: clock.now, value: v, product: `P${n++}.fits`, status: 2 as const })
  const value = async (...rows: ReturnType<typeof row>[]) => { await s.writer.write(rows); await s.scoring.idle() }
  beforeEach(async () => {
    clock.now = T0; n = 0
    smtp = new SmtpSink(); await smtp.start()
    s = await buildServices(await openTestStore(), [CAT], { clock: () => clock.now })
    alerting = await startAlerting(s, POLICY, TOKEN, { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
    app = createApp(s, { token: TOKEN, maxBodyBytes: 1 << 20 })
  })
  afterEach(async () => { await alerting.stop(); await smtp.stop() })

  it('holds the dependent flat back while the bias is expired, and sends it once the bias is back', async () => {
    await value(row('BIAS', 'ron', 'BLUE', 3))
    await alerting.run()
    expect(smtp.messages).toHaveLength(0)
    clock.now += 2 * D // the bias has expired: a flat taken now is judged against an old bias
    // RED is not a setup the BIAS line covers: not inhibited.
    await value(row('FLAT', 'flux', 'BLUE', 50), row('FLAT', 'flux', 'RED', 50))
    await alerting.run()
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 2 critical alerts — flux, expired'])
    expect(smtp.messages[0].text).toContain('flux (RED)')
    expect(smtp.messages[0].text).not.toContain('flux (BLUE)')
    const shown = (await (await app.request('/api/v1/alerts', { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { firing: { key: string; inhibitedBy: { key: string } | null }[] }
    expect(Object.fromEntries(shown.firing.map((a) => [a.key, a.inhibitedBy?.key ?? null]))).toEqual({
      'critical:TEST:flux:BLUE': 'expired:TEST:BIAS:BLUE*', 'critical:TEST:flux:RED': null, 'expired:TEST:BIAS:BLUE*': null,
    })
    clock.now += H; await alerting.run()
    expect(smtp.messages).toHaveLength(1)
    await value(row('BIAS', 'ron', 'BLUE', 3)) // a new bias: the expiry resolves, the flat is still critical
    await alerting.run()
    await expect.poll(() => smtp.messages.map((m) => m.subject).slice(1).sort()).toEqual(['[qcloop] TEST: 1 critical alert — flux', '[qcloop] TEST: resolved: 1 alert — expired'])
    expect(smtp.messages.find((m) => m.subject === '[qcloop] TEST: 1 critical alert — flux')!.text).toContain('flux (BLUE)')
    clock.now += H; await alerting.run()
    expect(smtp.messages).toHaveLength(3)
  })
})
