import { createServer, type Server } from 'node:http'
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { buildServices, type Services } from '../../server/services.ts'
import type { StoreClient } from '../../server/store/client.ts'
import { RON_KPI } from '../helpers/test-catalogue.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'

const H = 3_600_000, T0 = Date.UTC(2026, 0, 10, 10), SECRET = 'hook-secret-0123'

/** A loopback HTTP receiver: records every post; answers `status` (503 while "down"). */
class Receiver {
  posts: { path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = []
  status = 200
  #server?: Server
  port = 0
  async start() {
    this.#server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c)).on('end', () => { this.posts.push({ path: req.url ?? '', headers: req.headers, body }); res.writeHead(this.status).end() })
    })
    await new Promise<void>((r) => this.#server!.listen(0, '127.0.0.1', () => r()))
    this.port = (this.#server!.address() as { port: number }).port
  }
  stop() { return new Promise<void>((r) => (this.#server ? this.#server.close(() => r()) : r())) }
  url(path: string) { return `http://127.0.0.1:${this.port}${path}` }
  at(path: string) { return this.posts.filter((p) => p.path === path) }
}

/**
 * Alert notifications to webhooks through the same outbox as email (grouping, deterministic ids,
 * retries, no duplicate on restart): qcloop's signed JSON, Alertmanager's payload, and Slack's.
 * A real loopback HTTP receiver and the real SMTP server, injected clock.
 */
describe('webhooks', () => {
  let store: StoreClient, s: Services, alerting: Alerting | undefined, smtp: SmtpSink, rx: Receiver
  const clock = { now: T0 }
  const policy = () => AlertPolicy.parse({
    recipients: { default: ['mountain@example.org', 'webhook:ops', 'webhook:am', 'webhook:chat'] }, validity: false, calchecker: false, stale: { hours: 100_000 }, digest: { enabled: false },
    webhooks: { ops: { url: rx.url('/ops'), kind: 'json' }, am: { url: rx.url('/am'), kind: 'alertmanager' }, chat: { url: rx.url('/chat'), kind: 'slack' } },
  })
  const start = async () => {
    await alerting?.stop()
    s = await buildServices(store, [RON_KPI], { clock: () => clock.now })
    alerting = await startAlerting(s, policy(), 'signing-key', { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false, webhookSecrets: { OPS: SECRET } })
  }
  const value = async (v: number) => {
    await s.writer.write([{ instrument: 'TEST', report: 'BIAS', param: 'kpi', setup: 'A', tsMs: clock.now, value: v, product: `P${clock.now}.fits`, status: 2 }])
    await s.scoring.idle(); await alerting!.run()
  }
  beforeEach(async () => {
    clock.now = T0
    store = await openTestStore()
    smtp = new SmtpSink(); await smtp.start()
    rx = new Receiver(); await rx.start()
    await start()
  })
  afterEach(async () => { await alerting?.stop(); alerting = undefined; await smtp.stop(); await rx.stop() })

  it('delivers each group once to each webhook, signed, in its format; a restart sends nothing again', async () => {
    await value(12) // a KPI above its critical limit: fires at once
    await expect.poll(() => rx.posts.length).toBe(3)
    await expect.poll(() => smtp.messages.length).toBe(1)
    const ops = rx.at('/ops')[0]
    expect(ops.headers['x-qcloop-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(ops.body).digest('hex')}`)
    const mine = JSON.parse(ops.body)
    expect(mine).toMatchObject({ instrument: 'TEST', group: 'new', alerts: [{ key: 'critical:TEST:kpi:A', kind: 'critical', state: 'firing' }] })
    expect(ops.headers['x-qcloop-id']).toBe(mine.id)
    const am = JSON.parse(rx.at('/am')[0].body)
    expect(am).toMatchObject({ version: '4', status: 'firing', receiver: 'am', groupLabels: { instrument: 'TEST' } })
    expect(am.alerts[0]).toMatchObject({ status: 'firing', labels: { alertname: 'qcloop_critical', instrument: 'TEST', param: 'kpi', setup: 'A', severity: 'critical' }, endsAt: '0001-01-01T00:00:00Z', fingerprint: 'critical:TEST:kpi:A' })
    expect(rx.at('/am')[0].headers['x-qcloop-signature']).toBeUndefined() // no secret for it
    expect(JSON.parse(rx.at('/chat')[0].body).text).toMatch(/^\*TEST: 1 critical alert — kpi\*\n• kpi \(A\): value 12 e- above the critical limit 10 e-/)
    await start(); await alerting!.run()
    clock.now += H; await alerting!.run()
    expect(rx.posts).toHaveLength(3)
    // Resolved: the Alertmanager payload says so, with its end.
    await value(5)
    clock.now += 13 * H; await value(5)
    await expect.poll(() => rx.at('/am').length).toBe(2)
    expect(JSON.parse(rx.at('/am')[1].body)).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', endsAt: new Date(clock.now).toISOString() }] })
  })

  it('retries a webhook that is down, with backoff, until it takes the message, then never again', async () => {
    rx.status = 503
    await value(12)
    await expect.poll(() => rx.at('/ops').length).toBe(1)
    clock.now += 30_000; await alerting!.run()
    expect(rx.at('/ops')).toHaveLength(1) // backoff: next attempt after a minute
    clock.now += 40_000; await alerting!.run()
    await expect.poll(() => rx.at('/ops').length).toBe(2)
    rx.status = 200
    clock.now += 3 * 60_000; await alerting!.run()
    await expect.poll(() => rx.at('/ops').length).toBe(3)
    const ids = rx.at('/ops').map((p) => p.headers['x-qcloop-id'])
    expect(new Set(ids).size).toBe(1) // the same message each time: a receiver can drop repeats
    clock.now += H; await alerting!.run()
    await start(); await alerting!.run()
    expect(rx.at('/ops')).toHaveLength(3)
    expect(smtp.messages).toHaveLength(1) // email went out once, unaffected by the webhook's trouble
  })
})
