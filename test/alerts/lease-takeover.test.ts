import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClickHouseStandIn } from '../helpers/clickhouse-standin.ts'
import { startServer, type RunningServer } from '../helpers/server-process.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'

const TOKEN = 'lease-takeover-token'

/**
 * Two workers and an api process on one ClickHouse (the stand-in), a real SMTP server: the first
 * worker holds the alerting lease and sends; killed with SIGKILL (no release), the standby takes
 * the lease once it expires and sends the next alert's email, and nobody re-sends the first.
 */
describe('alerting lease among workers: kill the holder, the standby sends the next email', () => {
  let ch: Awaited<ReturnType<typeof startClickHouseStandIn>>, smtp: SmtpSink, api: RunningServer, w1: RunningServer, w2: RunningServer
  beforeAll(async () => {
    ch = await startClickHouseStandIn()
    smtp = new SmtpSink(); await smtp.start()
    const dir = mkdtempSync(join(tmpdir(), 'qcloop-lease-'))
    // Parameter alerts only: no calibration or staleness alerts from a store without history.
    const policy = join(dir, 'policy.yaml')
    writeFileSync(policy, 'validity: false\ncalchecker: false\nstale: { hours: 100000 }\nrecipients: { default: [mountain@example.org] }\n')
    const env = (role: string, name: string) => ({
      CLICKHOUSE_URL: ch.url, CLICKHOUSE_DATABASE: 'qcloop_lease', QCLOOP_TOKEN: TOKEN, QCLOOP_ROLE: role, QCLOOP_DATA: mkdtempSync(join(dir, name)),
      SMTP_URL: smtp.url, QCLOOP_ALERT_POLICY: policy, QCLOOP_LEASE_TTL_S: '3', QCLOOP_ALERT_EVERY_S: '1',
    })
    w1 = await startServer(env('worker', 'w1'))
    // w1 has taken the lease at start (its first run) before the standby starts.
    ;[w2, api] = await Promise.all([startServer(env('worker', 'w2')), startServer(env('api', 'api'))])
  }, 240_000)
  afterAll(async () => {
    for (const p of [api, w1, w2]) if (p && p.proc.exitCode === null) p.proc.kill('SIGTERM')
    await Promise.all([api?.exited, w1?.exited, w2?.exited]); await smtp?.stop(); await ch?.close()
  })

  /** A FORS2 read-out noise far above its critical limit (KPI: fires on the first value), in one setup. */
  const critical = async (setup: string, day: number) => {
    const row = { instrument: 'FORS2', report: 'BIAS', param: 'ron', setup, ts: new Date(Date.UTC(2026, 0, day, 10)).toISOString(), value: 9.5, product: `${setup}-${day}.fits` }
    const res = await fetch(`${api.url}/api/v1/measurements`, { method: 'POST', body: JSON.stringify([row]), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
  }
  /** Outbox rows the holder has marked sent (read from the engine). */
  const markedSent = async () => {
    const r = await fetch(ch.url, { method: 'POST', body: `SELECT count() AS n FROM qcloop_lease.alert_outbox FINAL WHERE status = 'sent' FORMAT JSONEachRow` })
    return Number(JSON.parse((await r.text()).trim()).n)
  }
  const setupsMailed = () => smtp.messages.map((m) => /setup: (\S+)/.exec(m.text ?? '')?.[1])

  it('the holder sends the first email; after kill -9 the standby sends the second, and the first is not sent again', async () => {
    await critical('CHIP1', 10)
    await expect.poll(setupsMailed, { timeout: 20_000, interval: 250 }).toEqual(['CHIP1'])
    // Killed once the holder has recorded the email as sent. (Killed between the SMTP server's
    // acceptance and that record, the standby sends it once more: delivery is at-least-once.)
    await expect.poll(markedSent, { timeout: 5_000, interval: 100 }).toBe(1)
    w1.proc.kill('SIGKILL')
    await w1.exited
    await critical('CHIP2', 11)
    // Scored by w2 within ~4 s; the lease expires 3 s after w1's last renewal; w2 evaluates every second.
    await expect.poll(setupsMailed, { timeout: 30_000, interval: 250 }).toEqual(['CHIP1', 'CHIP2'])
    expect(smtp.messages[1].subject).toBe('[qcloop] FORS2: 1 critical alert — ron')
    // A few more evaluation rounds by the new holder: still exactly these two emails.
    await new Promise((r) => setTimeout(r, 3000))
    expect(setupsMailed()).toEqual(['CHIP1', 'CHIP2'])
  })
})
