import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { createApp } from '../../server/app.ts'
import { RON_KPI } from '../helpers/test-catalogue.ts'
import { buildServices, type Services } from '../../server/services.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'

const CAT = RON_KPI
const POLICY = AlertPolicy.parse({ recipients: { default: ['mountain@example.org'] }, validity: false, dashboardUrl: 'http://qc.example.org', stale: { hours: 10_000 } })
const H = 3_600_000, D = 24 * H, T0 = Date.UTC(2026, 0, 10, 10), TOKEN = 'night-token'

/**
 * A technical night (an event of kind technical, made through the API by a QC scientist) mutes
 * the alerts of its scope while it lasts: conditions are still evaluated and shown as muted, no
 * email goes out; a condition still true when the window ends is sent once. Alerts outside the
 * scope are not muted. Real SMTP server, injected clock.
 */
describe('a technical night mutes the alerts of its scope', () => {
  let s: Services, alerting: Alerting, smtp: SmtpSink, app: ReturnType<typeof createApp>
  const clock = { now: T0 }
  let n = 0
  const value = async (v: number, param = 'ron') => {
    await s.writer.write([{ instrument: 'TEST', report: 'BIAS', param, setup: 'A', tsMs: clock.now, value: v, product: `P${n++}.fits`, status: 2 }])
    await s.scoring.idle()
    await alerting.run()
  }
  beforeEach(async () => {
    clock.now = T0; n = 0
    smtp = new SmtpSink(); await smtp.start()
    s = await buildServices(await openTestStore(), [CAT], { clock: () => clock.now })
    alerting = await startAlerting(s, POLICY, TOKEN, { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
    app = createApp(s, { token: TOKEN, maxBodyBytes: 1 << 20, onAlertChange: () => { void alerting.run() } })
  })
  afterEach(async () => { alerting.stop(); await smtp.stop() })

  it('no email during the window, one when it ends with the condition still true, none out of scope muted', async () => {
    const night = { instrument: 'TEST', at: new Date(T0 + D).toISOString(), until: new Date(T0 + 3 * D).toISOString(), kind: 'technical', title: 'detector warm-up', scope: { params: ['ron'] } }
    const made = await app.request('/api/v1/events', { method: 'POST', body: JSON.stringify(night), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
    expect(made.status).toBe(201)
    await value(1.5)
    clock.now = T0 + D + H
    await value(3.6); clock.now += 6 * H
    await value(3.9) // confirmed critical, inside the window
    expect(smtp.messages).toHaveLength(0)
    const shown = await (await app.request('/api/v1/alerts')).json()
    expect(shown.firing).toEqual([expect.objectContaining({ key: 'critical:TEST:ron:A', mutedBy: expect.objectContaining({ title: 'detector warm-up', until: '2026-01-13T10:00:00.000Z' }) })])
    // Out of scope: the KPI alert goes out at once.
    await value(12, 'kpi')
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — kpi'])
    clock.now = T0 + 2 * D; await value(3.8) // still inside: still muted
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — kpi'])
    clock.now = T0 + 3 * D + H; await alerting.run() // the window is over, ron is still critical
    // (the KPI alert, never acknowledged, has its reminder by now: not the window's business)
    const ron = () => smtp.messages.map((m) => m.subject).filter((x) => x?.endsWith('— ron'))
    await expect.poll(ron).toEqual(['[qcloop] TEST: 1 critical alert — ron'])
    clock.now += H; await alerting.run()
    expect(ron()).toHaveLength(1)
    expect((await (await app.request('/api/v1/alerts')).json()).firing.find((a: { key: string }) => a.key === 'critical:TEST:ron:A').mutedBy).toBeNull()
  })

  it('a recurring window of the policy (Mondays 12:00–18:00 UT) mutes the same way, and sends once when it closes', async () => {
    // A server started with that policy (its own services: the first one's engine still listens to its scoring).
    alerting.stop()
    s = await buildServices(await openTestStore(), [CAT], { clock: () => clock.now })
    const policy = AlertPolicy.parse({ ...POLICY, muteWindows: [{ name: 'Monday maintenance', days: ['mon'], from: '12:00', to: '18:00', scope: { params: ['ron'] } }] })
    alerting = await startAlerting(s, policy, TOKEN, { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
    clock.now = Date.UTC(2026, 0, 12, 12, 30) // a Monday
    await value(3.6); clock.now += H; await value(3.9) // confirmed critical inside the window
    clock.now = Date.UTC(2026, 0, 12, 17, 59); await alerting.run()
    expect(smtp.messages).toHaveLength(0)
    clock.now = Date.UTC(2026, 0, 12, 18, 0); await alerting.run()
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ron'])
    clock.now += H; await alerting.run()
    expect(smtp.messages).toHaveLength(1)
  })

  it('a condition that resolves inside the window never sends an email at all', async () => {
    const night = { instrument: 'TEST', at: new Date(T0).toISOString(), until: new Date(T0 + 10 * D).toISOString(), kind: 'technical', title: 'tests' }
    expect((await app.request('/api/v1/events', { method: 'POST', body: JSON.stringify(night), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })).status).toBe(201)
    await value(3.6); clock.now += H; await value(3.9) // critical, muted
    for (let d = 0; d < 3; d++) { clock.now += D; await value(1.5) } // back to normal, resolves after 12 h clear
    clock.now = T0 + 11 * D; await alerting.run()
    expect(smtp.messages).toHaveLength(0)
  })
})
