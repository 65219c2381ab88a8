import { ackLinkUrl } from './ack-link.ts'
import type { AlertState } from './alert-state.ts'
import type { AlertPolicy } from './policy-schema.ts'
import { escapeHtml } from '../server/text/escape-html.ts'

export interface EmailInput {
  instrument: string; kind: 'new' | 'reminder' | 'resolved'; alerts: AlertState[]; policy: AlertPolicy; signingKey: string; now: number; image?: string
  /** The server's public URL (QCLOOP_PUBLIC_URL), base of every link; default the policy's dashboardUrl. */
  baseUrl?: string
}

const esc = escapeHtml

/** The base of every link a notification carries: the server's public URL, else the policy's dashboardUrl, without a trailing slash. */
export const linkBase = (policy: AlertPolicy, baseUrl?: string) => (baseUrl ?? policy.dashboardUrl).replace(/\/$/, '')

/** Where a person looks at an alert on the dashboard. */
export function plotLink(a: AlertState, base: string): string {
  const d = a.details as Record<string, string>
  if (a.kind === 'critical') return `${base}/instrument/${encodeURIComponent(a.instrument)}?report=${encodeURIComponent(d.report ?? '')}&param=${encodeURIComponent(d.param ?? '')}`
  if (a.kind === 'calchecker') return `${base}/calchecker?instrument=${encodeURIComponent(a.instrument)}`
  return `${base}/?instrument=${encodeURIComponent(a.instrument)}`
}

/**
 * Subject, plain text and HTML of one grouped email: the instrument, what and
 * how bad in the subject; per alert its value, limits, setup, time and product,
 * with links to the plot and to acknowledge.
 */
export function renderEmail(i: EmailInput): { subject: string; text: string; html: string; image: string } {
  const n = i.alerts.length
  const what = i.alerts.map((a) => (a.kind === 'critical' ? String((a.details as Record<string, string>).param) : a.kind)).filter((v, k, arr) => arr.indexOf(v) === k)
  const head = i.kind === 'resolved' ? `resolved: ${n} alert${n > 1 ? 's' : ''}` : `${i.kind === 'reminder' ? 'still ' : ''}${n} critical alert${n > 1 ? 's' : ''}`
  const subject = `[qcloop] ${i.instrument}: ${head} — ${what.slice(0, 3).join(', ')}${what.length > 3 ? ` and ${what.length - 3} more` : ''}`
  const base = linkBase(i.policy, i.baseUrl)
  const ack = (a: AlertState) => ackLinkUrl(base, a, i.signingKey, i.now, i.policy.ackLinkDays * 86_400_000)
  const lines = i.alerts.map((a) => {
    const d = a.details as Record<string, unknown>
    const facts = [d.setup && `setup: ${d.setup}`, d.ts && `time: ${d.ts} UT`, d.product && `product: ${d.product}`, d.confirmedBy && `confirmed by ${d.confirmedBy}`].filter(Boolean)
    return { a, title: a.title, facts: facts as string[] }
  })
  const intro = i.kind === 'resolved' ? 'These situations have cleared:' : i.kind === 'reminder' ? `Still firing after ${i.policy.repeatHours} h (acknowledge to stop reminders):` : 'New critical situations:'
  const text = [`${i.instrument} — ${intro}`, '', ...lines.flatMap(({ a, title, facts }) => [`* ${title}`, ...facts.map((f) => `    ${f}`),
    `    plot: ${plotLink(a, base)}`, ...(i.kind === 'resolved' ? [] : [`    acknowledge: ${ack(a)}`]), '']),
  `Sent by qcloop at ${new Date(i.now).toISOString()}.`].join('\n')
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2 style="margin:0">${esc(i.instrument)}</h2><p>${esc(intro)}</p>
${i.image ? '<p><img src="cid:trend" alt="trend of the last 90 days" width="480" height="140"></p>' : ''}
<ul>${lines.map(({ a, title, facts }) => `<li><strong>${esc(title)}</strong><br>${facts.map(esc).join('<br>')}<br>
<a href="${esc(plotLink(a, base))}">plot</a>${i.kind === 'resolved' ? '' : ` · <a href="${esc(ack(a))}">acknowledge</a>`}</li>`).join('\n')}</ul>
<p style="color:#57606a">Sent by qcloop at ${esc(new Date(i.now).toISOString())}.</p></body></html>`
  return { subject, text, html, image: i.image ?? '' }
}
