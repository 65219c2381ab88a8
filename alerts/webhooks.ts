import { createHmac } from 'node:crypto'
import type { AlertState } from './alert-state.ts'
import type { OutgoingEmail, Send } from './outbox.ts'
import type { AlertPolicy } from './policy-schema.ts'
import { plotLink } from './templates.ts'

export type WebhookKind = 'json' | 'alertmanager' | 'slack'
type Group = 'new' | 'reminder' | 'resolved'

/** Only email addresses of a recipient list, and only its webhook names. */
export const emailsOf = (to: string[]) => to.filter((r) => !r.startsWith('webhook:'))
export const webhooksOf = (to: string[]) => to.filter((r) => r.startsWith('webhook:')).map((r) => r.slice('webhook:'.length))

const iso = (ms: number) => new Date(ms).toISOString()
const severity = (a: AlertState) => (a.kind === 'critical' || a.kind === 'expired' || a.kind === 'ingest' ? 'critical' : 'warning')

/**
 * The body a webhook of one kind is sent for one group of alerts (the same group an email holds):
 * qcloop's own JSON, Alertmanager's webhook payload (version 4: status, groupKey, alerts with
 * labels, annotations, startsAt/endsAt, fingerprint), or a Slack/Mattermost `text` message. Pure.
 *
 * @example
 * webhookPayload('alertmanager', { id, instrument: 'UVES', group: 'new', alerts, now, baseUrl, subject })
 */
export function webhookPayload(kind: WebhookKind, g: { id: string; instrument: string; group: Group; alerts: AlertState[]; now: number; baseUrl: string; subject: string; receiver: string }): string {
  const resolved = g.group === 'resolved'
  if (kind === 'slack') {
    const lines = g.alerts.map((a) => `• ${a.title} <${plotLink(a, g.baseUrl)}|plot>`)
    return JSON.stringify({ text: `*${g.subject.replace(/^\[qcloop\] /, '')}*\n${lines.join('\n')}` })
  }
  if (kind === 'alertmanager') {
    const labels = (a: AlertState) => {
      const d = a.details as Record<string, unknown>
      return Object.fromEntries(Object.entries({ alertname: `qcloop_${a.kind}`, instrument: a.instrument, kind: a.kind, severity: severity(a), report: d.report, param: d.param, setup: d.setup })
        .filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>
    }
    const alerts = g.alerts.map((a) => ({
      status: resolved ? 'resolved' : 'firing', labels: labels(a), annotations: { summary: a.title, description: a.title },
      startsAt: iso(typeof a.details.began === 'string' ? Date.parse(a.details.began) : a.since), endsAt: resolved ? iso(g.now) : '0001-01-01T00:00:00Z',
      generatorURL: plotLink(a, g.baseUrl), fingerprint: a.key,
    }))
    return JSON.stringify({
      version: '4', groupKey: `{}:{instrument="${g.instrument}"}`, truncatedAlerts: 0, status: resolved ? 'resolved' : 'firing', receiver: g.receiver,
      groupLabels: { instrument: g.instrument }, commonLabels: { instrument: g.instrument }, commonAnnotations: {}, externalURL: g.baseUrl, alerts,
    })
  }
  return JSON.stringify({
    id: g.id, instrument: g.instrument, group: g.group, subject: g.subject, sentAt: iso(g.now),
    alerts: g.alerts.map((a) => ({ key: a.key, kind: a.kind, state: a.state, title: a.title, since: iso(a.since), details: a.details, plot: plotLink(a, g.baseUrl) })),
  })
}

/** A webhook's signature header value: HMAC-SHA256 of the body with its secret, hex. */
export const signature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/**
 * Sends one outbox message: a webhook's POST (10 s timeout; anything but 2xx is a failure the
 * outbox retries), or the email sender for everything else. A signed webhook gets
 * `X-Qcloop-Signature` (see `signature`); every post names its outbox id in `X-Qcloop-Id`, the
 * same on a retry, so a receiver can drop a repeat.
 */
export function dispatcher(policy: () => AlertPolicy, secrets: Record<string, string>, email: Send): Send {
  return async (m: OutgoingEmail) => {
    if (!m.channel?.startsWith('webhook:')) return email(m)
    const name = m.channel.slice('webhook:'.length)
    const hook = policy().webhooks[name]
    if (!hook) throw new Error(`webhook ${name} is no longer in the policy`)
    const body = m.payload ?? ''
    const secret = secrets[name.toUpperCase().replace(/-/g, '_')]
    const res = await fetch(hook.url, {
      method: 'POST', body, signal: AbortSignal.timeout(10_000),
      headers: { 'content-type': 'application/json', 'user-agent': 'qcloop', 'x-qcloop-id': m.id, ...(secret ? { 'x-qcloop-signature': signature(secret, body) } : {}) },
    })
    await res.arrayBuffer().catch(() => undefined)
    if (!res.ok) throw new Error(`webhook ${name}: HTTP ${res.status}`)
  }
}
