import { startAlerting } from '../alerts/alerting.ts'
import { smtpSender } from '../alerts/mailer.ts'
import { AlertPolicy, loadPolicy } from '../alerts/policy-schema.ts'
import type { Services } from '../server/services.ts'
import { SmtpSink } from '../test/helpers/smtp-sink.ts'
import { fmt, median } from './stats.ts'

/**
 * Seconds from POST of a critical value to the email accepted by a real SMTP
 * server (default policy: a KPI fires on its first critical value), and the
 * time of one evaluation of every policy over the whole history.
 */
export async function benchAlerts(s: Services, url: string, token: string): Promise<string[]> {
  const smtp = new SmtpSink()
  await smtp.start()
  const policy = AlertPolicy.parse({ ...loadPolicy('alerts/policy.yaml'), recipients: { default: ['bench@example.org'] } })
  s.setAutoScore(true)
  const alerting = await startAlerting(s, policy, token, { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
  const evalTimes: number[] = []
  for (let k = 0; k < 3; k++) {
    const t = performance.now()
    await alerting.engine.evaluate()
    evalTimes.push(performance.now() - t)
  }
  await alerting.outbox.flush()
  const before = smtp.messages.length
  const latencies: number[] = []
  for (let k = 0; k < 5; k++) {
    const sent = smtp.messages.length
    const t = performance.now()
    const row = { instrument: 'UVES', report: 'WAVE', param: 'resolving_power', setup: `BENCH setup ${k}`, ts: new Date(Date.now() - 60_000 * (k + 1)).toISOString(), value: 30_000, product: `BENCH.${Date.now()}.${k}.fits` }
    const res = await fetch(`${url}/api/v1/measurements`, { method: 'POST', body: JSON.stringify([row]), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } })
    await res.arrayBuffer()
    while (smtp.messages.length === sent && performance.now() - t < 30_000) await new Promise((r) => setTimeout(r, 5))
    latencies.push(performance.now() - t)
  }
  alerting.stop()
  s.setAutoScore(false)
  await smtp.stop()
  return [
    `alert latency, POST of a critical KPI value → email accepted by SMTP (median of 5): ${fmt(median(latencies) / 1000, 2)} s   [target <= 5 s]`,
    `alert evaluation of all policies over the history (median of 3): ${fmt(median(evalTimes))} ms (${before} emails for the demo's standing alerts on the first run)`,
  ]
}
