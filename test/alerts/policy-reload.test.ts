import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../alerts/alerting.ts'
import { PolicyFile } from '../../alerts/policy-file.ts'
import { smtpSender } from '../../alerts/mailer.ts'
import { createApp } from '../../server/app.ts'
import { buildServices, type Services } from '../../server/services.ts'
import { RON_KPI } from '../helpers/test-catalogue.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { openTestStore } from '../helpers/test-store.ts'

const T0 = Date.UTC(2026, 0, 12, 10), TOKEN = 'reload-token' // a Monday
const BASE = 'validity: false\ncalchecker: false\nstale: { hours: 100000 }\ndigest: { enabled: false }\n'
const policyYaml = (extra: string) => `${BASE}${extra}\n`

/**
 * Reloading the alert policy (an admin's POST /api/v1/policy/reload, as SIGHUP does) re-evaluates
 * with the new policy at once and never repeats what was told; a broken file is refused with its
 * path and the running policy stays. Real SMTP server, injected clock.
 */
describe('policy reload', () => {
  let s: Services, alerting: Alerting, smtp: SmtpSink, app: ReturnType<typeof createApp>, file: string, policy: PolicyFile
  const clock = { now: T0 }
  const reload = () => app.request('/api/v1/policy/reload', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })
  beforeEach(async () => {
    clock.now = T0
    file = join(mkdtempSync(join(tmpdir(), 'qcloop-policy-')), 'policy.yaml')
    writeFileSync(file, policyYaml('recipients: { default: [mountain@example.org] }\nconfirm: { default: 2 }'))
    policy = new PolicyFile(file)
    smtp = new SmtpSink(); await smtp.start()
    s = await buildServices(await openTestStore(), [RON_KPI], { clock: () => clock.now })
    alerting = await startAlerting(s, policy.current(), TOKEN, { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
    policy.onChange((p) => alerting.reload(p))
    app = createApp(s, { token: TOKEN, maxBodyBytes: 1 << 20, policy })
  })
  afterEach(async () => { await alerting.stop(); await smtp.stop() })

  it('applies a new policy at once, tells nothing twice, and keeps the running one when the file is broken', async () => {
    await s.writer.write([{ instrument: 'TEST', report: 'BIAS', param: 'ron', setup: 'A', tsMs: T0 - 3_600_000, value: 3.5, product: 'P0.fits', status: 2 }])
    await s.scoring.idle(); await alerting.run()
    expect(smtp.messages).toHaveLength(0) // 1 of 2 critical values: pending

    writeFileSync(file, policyYaml('recipients: { default: [mountain@example.org] }\nconfirm: { default: 1 }'))
    const r = await reload()
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ file, recipients: 1, muteWindows: 0, digest: 'off' })
    // In force when the answer came: the pending alert fired with the new confirmation count.
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] TEST: 1 critical alert — ron'])

    expect((await reload()).status).toBe(200) // the same file again
    writeFileSync(file, policyYaml('recipients: { default: [mountain@example.org, qc@example.org] }\nconfirm: { default: 1 }'))
    expect((await reload()).status).toBe(200) // a new recipient: what was told is not told again
    clock.now += 3_600_000; await alerting.run()
    expect(smtp.messages).toHaveLength(1)

    writeFileSync(file, policyYaml('recipients: { default: [mountain@example.org] }\nconfirm: { default: many }'))
    const bad = await reload()
    expect(bad.status).toBe(422)
    const err = ((await bad.json()) as { error: { code: string; message: string } }).error
    expect(err.code).toBe('policy_invalid')
    expect(err.message).toContain(`${file}: confirm.default:`)
    expect(err.message).toContain('the running one is kept')
    expect(policy.current().recipients.default).toEqual(['mountain@example.org', 'qc@example.org'])

    // A recurring window over now: the alert is shown muted by it; a reminder a day later is not sent.
    writeFileSync(file, policyYaml('recipients: { default: [mountain@example.org] }\nconfirm: { default: 1 }\nmuteWindows:\n  - { name: Monday maintenance, instruments: [TEST], days: [mon, tue], from: "00:00", to: "23:59", timezone: UTC }'))
    expect((await reload()).status).toBe(200)
    const alerts = (await (await app.request('/api/v1/alerts', { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { firing: { key: string; mutedBy: { title: string } | null }[] }
    expect(alerts.firing.map((a) => [a.key, a.mutedBy?.title])).toEqual([['critical:TEST:ron:A', 'Monday maintenance']])
    clock.now = T0 + 25 * 3_600_000; await alerting.run()
    expect(smtp.messages).toHaveLength(1)
    const audit = (await (await app.request('/api/v1/actions', { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { actions: { kind: string }[] }
    expect(audit.actions.filter((a) => a.kind === 'policy-reload')).toHaveLength(4)
  })
})
