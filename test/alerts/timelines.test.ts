import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { RON_KPI } from '../helpers/test-catalogue.ts'
import { buildServices, type Services } from '../../server/services.ts'
import type { StoreClient } from '../../server/store/client.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'

const CAT = RON_KPI
// Staleness is tested on its own; elsewhere it would fire whenever the clock jumps a couple of days.
const POLICY = AlertPolicy.parse({ recipients: { default: ['mountain@example.org'] }, validity: false, dashboardUrl: 'http://qc.example.org', stale: { hours: 10_000 } })
const STALE_POLICY = AlertPolicy.parse({ ...POLICY, stale: { hours: 36 } })
const H = 3_600_000, D = 24 * H
const T0 = Date.UTC(2026, 0, 10, 10)

describe('alert timelines (real SMTP server, injectable clock)', () => {
  let store: StoreClient, s: Services, alerting: Alerting, smtp: SmtpSink
  const clock = { now: T0 }
  let n = 0

  const start = async (policy = POLICY) => {
    alerting?.stop()
    s = await buildServices(store, [CAT], { clock: () => clock.now })
    alerting = await startAlerting(s, policy, 'signing-key', { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
  }
  /** A value taken at the clock's time; scoring and alert evaluation follow as in production. */
  const value = async (v: number, param = 'ron') => {
    await s.writer.write([{ instrument: 'TEST', report: 'BIAS', param, setup: 'A', tsMs: clock.now, value: v, product: `P${n++}.fits`, status: 2 }])
    await s.scoring.idle()
    await alerting.run()
  }
  const later = async (ms: number) => { clock.now += ms; await alerting.run() }

  beforeEach(async () => {
    clock.now = T0; n = 0
    store = await openTestStore()
    smtp = new SmtpSink()
    await smtp.start()
    await start()
  })
  afterEach(async () => { alerting.stop(); await smtp.stop() })

  it('a single outlier sends nothing', async () => {
    for (const v of [1.5, 1.4, 3.8, 1.5, 1.6]) { await value(v); clock.now += D }
    await later(H)
    expect(smtp.messages).toHaveLength(0)
    const body = await (await fetchAlerts(s)).json()
    expect(body.firing).toEqual([])
  })

  it('a confirmed critical sends one grouped email with value, limits, setup, time, product, links and a trend picture', async () => {
    await value(1.5); clock.now += D
    await value(3.6); clock.now += D
    expect(smtp.messages).toHaveLength(0) // 1 of 2: pending
    await value(3.9)
    expect(smtp.messages).toHaveLength(1)
    const m = smtp.messages[0]
    expect(m.subject).toBe('[qcloop] TEST: 1 critical alert — ron')
    expect(m.to).toMatchObject({ text: 'mountain@example.org' })
    expect(m.text).toMatch(/value 3\.9 ADU above the critical limit 3 ADU/)
    expect(m.text).toMatch(/setup: A/)
    expect(m.text).toMatch(/time: 2026-01-12 10:00:00\.000 UT/)
    expect(m.text).toMatch(/product: P2\.fits/)
    expect(m.text).toMatch(/plot: http:\/\/qc\.example\.org\/instrument\/TEST\?report=BIAS&param=ron/)
    expect(m.text).toMatch(/acknowledge: http:\/\/qc\.example\.org\/api\/v1\/alerts\/ack-link\?key=.*&since=\d+&exp=\d+&sig=\w+/)
    // mailparser inlines cid: images as data: URLs
    expect(m.html).toMatch(/<img [^>]*src="(cid:trend|data:image\/png)/)
    expect(m.attachments.map((a) => [a.contentType, a.cid])).toEqual([['image/png', 'trend']])
    expect(m.attachments[0].content.subarray(1, 4).toString()).toBe('PNG')
    await later(H)
    await value(4.1)
    expect(smtp.messages).toHaveLength(1) // still firing: nothing new until the repeat interval
  })

  it('a KPI fires on the first critical value', async () => {
    await value(12, 'kpi')
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — kpi'])
  })

  it('a value flapping around the limit for a week sends one email and one resolution', async () => {
    await start(AlertPolicy.parse({ ...POLICY, repeatHours: 24 * 14 })) // reminders are the next test's subject
    for (const v of [3.5, 3.6, 2.0, 3.5, 2.0, 3.7, 3.5, 2.0, 3.6, 2.5]) { await value(v); clock.now += 16 * H }
    for (let k = 0; k < 3; k++) { await value(1.5); clock.now += 12 * H }
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ron', '[qcloop] TEST: resolved: 1 alert — ron'])
  })

  it('reminds after the repeat interval, and not after an acknowledgement', async () => {
    await value(3.5); clock.now += H
    await value(3.5)
    await later(23 * H)
    expect(smtp.messages).toHaveLength(1)
    await later(2 * H)
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ron', '[qcloop] TEST: still 1 critical alert — ron'])
    const key = 'critical:TEST:ron:A'
    const ackLink = /acknowledge: (\S+)/.exec(smtp.messages[0].text!)![1].replace('http://qc.example.org', '')
    const { createApp } = await import('../../server/app.ts')
    const app = createApp(s, { token: 'signing-key', maxBodyBytes: 1 << 20 })
    const firing = async () => (await (await app.request('/api/v1/alerts')).json()).firing[0]
    // GET and HEAD (mail scanners, link prefetchers) show a page with a button and acknowledge nothing.
    const page = await app.request(ackLink)
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/<form method="post" action="\/api\/v1\/alerts\/ack-link">.*<button type="submit">Acknowledge<\/button>/s)
    expect((await app.request(ackLink, { method: 'HEAD' })).status).toBe(200)
    expect((await firing()).ackedBy).toBe('')
    const form = (link: string) => app.request('/api/v1/alerts/ack-link', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URL(link, 'http://x').searchParams.toString() })
    expect((await form(ackLink.replace(/sig=\w+/, 'sig=forged'))).status).toBe(403)
    expect((await form(ackLink.replace(/exp=(\d+)/, (_, e) => `exp=${Number(e) + 1}`))).status).toBe(403) // the expiry is signed
    expect((await form(ackLink)).status).toBe(200)
    expect((await firing()).ackedBy).toBe('email link')
    expect((await form(ackLink)).status).toBe(410) // works once
    await later(25 * H)
    expect(smtp.messages).toHaveLength(2)
    expect((await (await app.request('/api/v1/alerts')).json()).firing[0]).toMatchObject({ key, ackedBy: 'email link' })
  })

  it('an acknowledge link expires, and never acknowledges a later incident of the same alert', async () => {
    await start(AlertPolicy.parse({ ...POLICY, ackLinkDays: 2 }))
    const { createApp } = await import('../../server/app.ts')
    const app = createApp(s, { token: 'signing-key', maxBodyBytes: 1 << 20 })
    const post = (link: string) => app.request('/api/v1/alerts/ack-link', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URL(link, 'http://x').searchParams.toString() })
    const linkOf = (i: number) => /acknowledge: (\S+)/.exec(smtp.messages[i].text!)![1].replace('http://qc.example.org', '')
    await value(3.5); clock.now += H
    await value(3.5)
    const first = linkOf(0)
    // The incident clears, then comes back: the first email's link belongs to the first incident only.
    for (let k = 0; k < 3; k++) { await value(1.5); clock.now += 12 * H }
    await value(3.6); clock.now += H
    await value(3.6)
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ron', '[qcloop] TEST: resolved: 1 alert — ron', '[qcloop] TEST: 1 critical alert — ron'])
    expect((await post(first)).status).toBe(410)
    expect(await (await post(first)).text()).toMatch(/incident is over/)
    // The second incident's link works until it expires (2 days here).
    const second = linkOf(2)
    clock.now += 3 * 24 * H
    const expired = await app.request(second)
    expect(expired.status).toBe(410)
    expect(await expired.text()).toMatch(/expired/)
    expect((await post(second)).status).toBe(410)
    expect((await (await app.request('/api/v1/alerts')).json()).firing[0].ackedBy).toBe('')
  })

  it('an instrument-wide stale-data alert inhibits its per-parameter alerts', async () => {
    await start(STALE_POLICY)
    await value(3.5); clock.now += H
    await value(3.6)
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ron'])
    // Then nothing arrives: after 40 h the data are stale; the read-out noise reminder (due after 24 h) is held back.
    await later(40 * H)
    expect(smtp.messages).toHaveLength(2)
    expect(smtp.messages[1].subject).toBe('[qcloop] TEST: 1 critical alert — stale')
    expect(smtp.messages[1].text).toMatch(/no new health-check value for 40 h/)
    expect(smtp.messages[1].text).not.toMatch(/ron \(A\)/)
  })

  it('a silenced alert sends nothing but stays visible', async () => {
    const { createApp } = await import('../../server/app.ts')
    const app = createApp(s, { token: 'signing-key', maxBodyBytes: 1 << 20 })
    await value(3.5); clock.now += H
    await value(3.5) // fires, one email
    expect(smtp.messages).toHaveLength(1)
    const res = await app.request('/api/v1/alerts/silence', { method: 'POST', headers: { authorization: 'Bearer signing-key', 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'critical:TEST:ron:A', until: new Date(clock.now + 3 * D).toISOString(), reason: 'detector warm-up' }) })
    expect(res.status).toBe(200)
    await later(26 * H)
    expect(smtp.messages).toHaveLength(1)
    const body = await (await app.request('/api/v1/alerts')).json()
    expect(body.silenced).toMatchObject([{ key: 'critical:TEST:ron:A', silenceReason: 'detector warm-up (admin)' }])
  })

  it('SMTP down for an hour, then back: the email is delivered once', async () => {
    const port = smtp.port
    await smtp.stop()
    await value(3.5); clock.now += H
    await value(3.6)
    expect(smtp.messages).toHaveLength(0)
    for (let k = 0; k < 6; k++) await later(10 * 60_000) // retries while down
    await smtp.start(port)
    await later(60 * 60_000)
    await later(60 * 60_000)
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ron'])
  })

  it('a restart in the middle of an incident sends no duplicate and forgets nothing', async () => {
    await value(3.5); clock.now += H
    await value(3.6)
    expect(smtp.messages).toHaveLength(1)
    alerting.stop()
    await start() // a new process on the same store
    await alerting.run()
    await later(H)
    expect(smtp.messages).toHaveLength(1)
    expect((await (await fetchAlerts(s)).json()).firing.map((a: { key: string }) => a.key)).toEqual(['critical:TEST:ron:A'])
    for (let k = 0; k < 3; k++) { await value(1.5); clock.now += 8 * H }
    await later(H)
    expect(smtp.messages.map((m) => m.subject).at(-1)).toBe('[qcloop] TEST: resolved: 1 alert — ron')
    expect(smtp.messages).toHaveLength(2)
  })
})

async function fetchAlerts(s: Services): Promise<Response> {
  const { createApp } = await import('../../server/app.ts')
  return createApp(s, { token: 'x', maxBodyBytes: 1024 }).request('/api/v1/alerts')
}
