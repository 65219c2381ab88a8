import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { AlertPolicy } from '../../alerts/policy-schema.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { buildServices, type Services } from '../../server/services.ts'
import type { StoreClient } from '../../server/store/client.ts'
import { writeIngestFailure } from '../../server/store/ingest-failures-store.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'
import { testCatalogue } from '../helpers/test-catalogue.ts'

/** BIAS (validity 10 nights) with read-out noise yellow above 2 ADU; DARK without validity, so watched for going quiet. */
const CAT = testCatalogue(
  { BIAS: ['{ name: ron, keyword: ESO QC RON, unit: ADU, class: HC }'], DARK: ['{ name: dark, keyword: ESO QC DARK, unit: e-/h, class: CAL }'] },
  ['{ param: ron, type: fixed, warning: [1, 2], critical: [0.5, 3] }', '{ param: dark, type: fixed, critical: [0, 100] }'],
  'validity:\n  - { report: BIAS, nights: 10, setups: [A, B] }\n',
)
const H = 3_600_000, D = 24 * H, NOON = Date.UTC(2026, 0, 10, 12)
const policy = (digest: object = {}, more: object = {}) => AlertPolicy.parse({
  recipients: { default: ['nobody@example.org'], TEST: ['qc@example.org', 'mountain@example.org'] }, calchecker: false, stale: { hours: 100_000 },
  dashboardUrl: 'http://qc.example.org', digest, ...more,
})

/**
 * The daily digest with the real SMTP server and an injected clock: one email per recipient at
 * the configured UT time with what is yellow, due soon, quiet or refused; once across a restart;
 * caught up after a down-time within its hours, not a day late; nothing when nothing is to be said.
 */
describe('daily digest', () => {
  let store: StoreClient, s: Services, alerting: Alerting | undefined, smtp: SmtpSink
  const clock = { now: NOON }
  const start = async (p = policy()) => {
    await alerting?.stop()
    s = await buildServices(store, [CAT], { clock: () => clock.now })
    alerting = await startAlerting(s, p, 'signing-key', { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
  }
  const digests = () => smtp.messages.filter((m) => m.subject?.includes('daily digest'))
  const at = async (ms: number) => { clock.now = ms; await alerting!.run() }
  const history = async () => {
    const v = (param: string, report: string, setup: string, tsMs: number, value: number) => ({ instrument: 'TEST', report, param, setup, tsMs, value, product: `${report}-${setup}-${tsMs}.fits`, status: 2 as const })
    await s.writer.write([
      v('ron', 'BIAS', 'A', NOON - 7 * H, 2.5), // last night (2026-01-09): yellow
      v('ron', 'BIAS', 'B', NOON - 8 * D, 1.5), // eight nights ago, valid for ten: the reminder period
      v('dark', 'DARK', 'A', NOON - 10 * D, 12), // ten days without a new dark
      // Setup C creeps up 0.02 ADU a night for 30 nights, green all along: the warning limit 2 ADU is 11 days ahead.
      ...Array.from({ length: 30 }, (_, d) => v('ron', 'BIAS', 'C', NOON - (40 - d) * D, 1.2 + 0.02 * d + (d % 3) * 0.001)),
    ])
    await s.scoring.idle()
    await writeIngestFailure(store, { instrument: 'TEST', atMs: NOON - 2 * H, file: 'broken<1>.fits', reason: 'no END card within 2880 bytes' })
  }
  beforeEach(async () => {
    clock.now = NOON - 2 * H
    store = await openTestStore()
    smtp = new SmtpSink(); await smtp.start()
  })
  afterEach(async () => { await alerting?.stop(); alerting = undefined; await smtp.stop() })

  it('goes out at 12:00 UT, one per recipient, with every section, and once across a restart', async () => {
    await start()
    await history()
    await at(NOON - 60_000)
    expect(smtp.messages).toHaveLength(0)
    await at(NOON)
    await expect.poll(() => smtp.messages.map((m) => (m.to as { text: string }).text).sort()).toEqual(['mountain@example.org', 'qc@example.org'])
    const m = smtp.messages[0]
    expect(m.subject).toBe('[qcloop] daily digest 2026-01-10: 5 items for TEST')
    expect(m.text).toMatch(/Drifting or shifted:\n {2}\* BIAS ron \(C\): reaches warning 2 ADU around 2026-01-1\d, \d+–\d+ days \(trend 0\.02 ADU\/day over 30 values\)/)
    expect(m.text).toContain('Yellow in night 2026-01-09:\n  * BIAS ron (A): value 2.5 ADU above the warning limit 2 ADU')
    expect(m.text).toMatch(/Calibrations due soon:\n {2}\* BIAS for B: valid until night 2026-01-11 \(10 nights\)/)
    expect(m.text).toContain('Reports without new values:\n  * DARK: newest value 2025-12-31 (10 days ago)')
    expect(m.text).toContain('Ingestion refused (last 24 h):\n  * 1 file(s), newest broken<1>.fits: no END card within 2880 bytes')
    expect(m.html).toContain('broken&#60;1&#62;.fits'); expect(m.html).not.toContain('<1>')
    expect(m.text).not.toMatch(/nobody/)
    await at(NOON + 5 * 60_000)
    await start() // a restart the same day gathers again; the outbox already has both
    await at(NOON + 30 * 60_000)
    await at(NOON + 6 * H)
    expect(smtp.messages).toHaveLength(2)
    await at(NOON + D) // the next day: a new digest (the reminder and the quiet report are still true)
    await expect.poll(() => smtp.messages.length).toBe(4)
    expect(smtp.messages[2].subject).toBe('[qcloop] daily digest 2026-01-11: 3 items for TEST')
  })

  it('a server down at 12:00 sends it when back within the catch-up hours, and not a day late', async () => {
    await start()
    await history()
    await alerting!.stop(); alerting = undefined
    clock.now = NOON + 3 * H
    await start()
    await at(clock.now)
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] daily digest 2026-01-10: 5 items for TEST', '[qcloop] daily digest 2026-01-10: 5 items for TEST'])
    await alerting!.stop(); alerting = undefined
    clock.now = NOON + D + 13 * H // down over the next 12:00 and more than 12 h after it
    await start()
    await at(clock.now)
    expect(digests()).toHaveLength(2) // B's bias has expired meanwhile: that is an alert, not a digest
  })

  it('nothing to say, nothing sent; unless sendEmpty', async () => {
    await start(policy({}, { validity: false })) // an empty store: no bias was ever taken, and that is an alert, not digest news
    await at(NOON)
    expect(smtp.messages).toHaveLength(0)
    await start(policy({ sendEmpty: true }, { validity: false }))
    await at(NOON + 60_000)
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] daily digest 2026-01-10: nothing needs eyes', '[qcloop] daily digest 2026-01-10: nothing needs eyes'])
    expect(smtp.messages[0].text).toContain('Nothing needs eyes today.')
  })

  it('off when disabled', async () => {
    await start(policy({ enabled: false }))
    await history()
    await at(NOON)
    await at(NOON + H)
    expect(smtp.messages).toHaveLength(0)
  })
})
