import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { RON_KPI } from '../helpers/test-catalogue.ts'
import { buildServices, type Services } from '../../server/services.ts'
import type { StoreClient } from '../../server/store/client.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'
import { writeIngestFailure } from '../../server/store/ingest-failures-store.ts'

const CAT = RON_KPI
const POLICY = AlertPolicy.parse({ recipients: { default: ['mountain@example.org'] }, validity: false, calchecker: false, stale: { hours: 36 }, ingestFailures: { perHour: 3 }, digest: { enabled: false } })
const H = 3_600_000, T0 = Date.UTC(2026, 0, 10, 10)

/**
 * qcloop down for a while (the process gone, its store kept): what became true meanwhile is told
 * after the restart, once; a restart in the middle sends nothing twice. Real SMTP server, injected clock.
 */
describe('conditions that change while qcloop is down', () => {
  let store: StoreClient, s: Services, alerting: Alerting | undefined, smtp: SmtpSink
  const clock = { now: T0 }
  const start = async () => {
    alerting?.stop()
    s = await buildServices(store, [CAT], { clock: () => clock.now })
    alerting = await startAlerting(s, POLICY, 'signing-key', { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
    await alerting.run()
  }
  beforeEach(async () => {
    clock.now = T0
    store = await openTestStore()
    smtp = new SmtpSink(); await smtp.start()
    await start()
  })
  afterEach(async () => { alerting?.stop(); await smtp.stop() })

  it('data that went stale during the down-time is told after the restart, once, and its resolution when data return', async () => {
    await s.writer.write([{ instrument: 'TEST', report: 'BIAS', param: 'ron', setup: 'A', tsMs: T0, value: 1.5, product: 'P0.fits', status: 2 }])
    await s.scoring.idle(); await alerting!.run()
    alerting!.stop(); alerting = undefined // down from here
    clock.now = T0 + 60 * H // stale since T0 + 36 h, while down
    expect(smtp.messages).toHaveLength(0)
    await start()
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — stale'])
    await start() // a second restart: nothing again
    clock.now += H; await alerting!.run()
    expect(smtp.messages).toHaveLength(1)
    await s.writer.write([{ instrument: 'TEST', report: 'BIAS', param: 'ron', setup: 'A', tsMs: clock.now, value: 1.5, product: 'P1.fits', status: 2 }])
    await s.scoring.idle(); await alerting!.run()
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — stale', '[qcloop] TEST: resolved: 1 alert — stale'])
  })

  it('a condition that resolved during the down-time sends its resolution after the restart, once; one that came and went sends nothing', async () => {
    for (let k = 0; k < 4; k++) await writeIngestFailure(store, { instrument: 'TEST', atMs: clock.now - k * 60_000, file: `bad${k}.fits`, reason: 'no END card' })
    await alerting!.run()
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ingest'])
    alerting!.stop(); alerting = undefined // down from here: the hour of failures passes
    // While down, another instrument's files fail and the hour passes for them too: never told.
    for (let k = 0; k < 4; k++) await writeIngestFailure(store, { instrument: 'OTHER', atMs: clock.now + H + k * 60_000, file: `x${k}.fits`, reason: 'no END card' })
    clock.now += 3 * H
    await start()
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ingest', '[qcloop] TEST: resolved: 1 alert — ingest'])
    await start()
    clock.now += H; await alerting!.run()
    expect(smtp.messages).toHaveLength(2)
  })
})
