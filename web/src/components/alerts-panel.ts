import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { consume } from '@lit/context'
import { getJson, postJson } from '../api.ts'
import { utc } from '../format.ts'
import { link } from '../router.ts'
import { may, sessionContext, type Session } from '../session.ts'

export interface AlertView {
  key: string; instrument: string; kind: string; state: string; since: string; began?: string; title: string
  details?: Record<string, unknown>; ackedBy?: string; silenced?: boolean; silencedUntil?: string | null; silenceReason?: string
  /** Not mailed while a technical event or a policy window lasts (until: its end, null for a recurring window). */
  mutedBy?: { id: string; title: string; until: string | null } | null
  /** Not mailed while the calibration it depends on is expired (that alert's key and title). */
  inhibitedBy?: { key: string; title: string } | null
}
interface AlertsResponse { firing: AlertView[]; pending: AlertView[]; silenced: AlertView[] }

/** Where a person looks at an alert: the parameter's plot, calChecker, or the instrument's row. */
export function alertLink(a: AlertView): string {
  const d = a.details ?? {}
  if (a.kind === 'critical' && d.param) return `/instrument/${encodeURIComponent(a.instrument)}?report=${encodeURIComponent(String(d.report ?? ''))}&param=${encodeURIComponent(String(d.param))}`
  if (a.kind === 'calchecker') return `/calchecker?instrument=${encodeURIComponent(a.instrument)}`
  return `/?instrument=${encodeURIComponent(a.instrument)}`
}

/**
 * Firing, pending and silenced alerts, grouped per instrument and parameter in a stable order
 * (instrument, then key); "since" is when the condition began. Signed in as operator or admin,
 * each alert can be acknowledged or silenced (until a date, with a reason) right here.
 */
@customElement('qc-alerts-panel')
export class AlertsPanel extends LitElement {
  static styles = css`
    :host { display: block; }
    ul { list-style: none; padding: 0; margin: 0; }
    li { padding: .3rem 0; border-bottom: 1px solid #eaeef2; }
    h3 { font-size: .95rem; margin: .5rem 0 .2rem; }
    .kind { display: inline-block; min-width: 5.5rem; font-weight: 600; }
    .firing { color: #82071e; } .pending { color: #4d2d00; } .silenced { color: #57606a; } .muted { color: #57606a; font-size: .85rem; }
    form { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; margin-top: .2rem; font-size: .85rem; }
    input { font: inherit; }
    button { font: inherit; font-size: .8rem; padding: .1rem .5rem; border: 1px solid #0b3d62; background: #0b3d62; color: #fff; border-radius: 4px; cursor: pointer; }
  `
  /** Changing it reloads (the monitor bumps it on every poll). */
  @property({ type: Number }) tick = 0
  @consume({ context: sessionContext, subscribe: true }) @state() private session?: Session
  @state() private data?: AlertsResponse
  @state() private error?: string
  @state() private message = ''

  willUpdate(changed: Map<string, unknown>) {
    if (changed.has('tick')) this.#load()
  }

  #load() {
    getJson<AlertsResponse>('/api/v1/alerts').then((d) => { this.data = d; this.error = undefined }, (e) => (this.error = (e as Error).message))
  }

  render() {
    if (this.error) return html`<p role="alert">Cannot load alerts: ${this.error}</p>`
    if (!this.data) return html`<p aria-busy="true">Loading alerts…</p>`
    const silenced = new Set(this.data.silenced.map((a) => a.key))
    // Groups: instrument, then parameter (or the kind for alerts about calibrations and freshness); a stable order.
    const group = (a: AlertView) => `${a.instrument} · ${a.kind === 'critical' && a.details?.param ? String(a.details.param) : a.kind}`
    const all = [...this.data.firing, ...this.data.pending].sort((a, b) => group(a).localeCompare(group(b)) || a.key.localeCompare(b.key))
    if (all.length === 0) return html`<p>No alert is firing.</p>`
    const groups = new Map<string, AlertView[]>()
    for (const a of all) groups.set(group(a), [...(groups.get(group(a)) ?? []), a])
    const act = may(this.session, 'operate')
    return html`${this.message ? html`<p role="status" class="muted">${this.message}</p>` : nothing}
      ${[...groups].map(([g, alerts]) => html`<h3>${g} <span class="muted">(${alerts.length})</span></h3><ul aria-label="alerts ${g}">${alerts.map((a) => {
        const cls = silenced.has(a.key) ? 'silenced' : a.state
        return html`<li data-key=${a.key}>
          <span class="kind ${cls}">${cls === 'firing' ? 'FIRING' : cls}</span> <a href=${link(alertLink(a))}>${a.title}</a>
          <div class="muted">since ${utc(a.began ?? a.since)}${a.ackedBy ? ` · acknowledged by ${a.ackedBy}` : ''}${a.silenced ? ` · silenced until ${utc(a.silencedUntil!)}: ${a.silenceReason}` : ''}</div>
          ${a.mutedBy ? html`<div class="muted" data-muted>muted (${a.mutedBy.title}${a.mutedBy.until ? `, until ${utc(a.mutedBy.until)}` : ''}): not mailed</div>` : nothing}
          ${a.inhibitedBy ? html`<div class="muted" data-inhibited>held back while ${a.inhibitedBy.title}</div>` : nothing}
          ${act ? html`<form @submit=${(e: Event) => this.#silence(e, a.key)}>
            ${a.ackedBy ? nothing : html`<button type="button" @click=${() => this.#ack(a.key)}>Acknowledge</button>`}
            <label>silence until <input name="until" type="text" placeholder="YYYY-MM-DD" pattern="\\d{4}-\\d{2}-\\d{2}" required size="10"></label>
            <label>reason <input name="reason" required size="18"></label><button type="submit">Silence</button></form>` : nothing}</li>`
      })}</ul>`)}`
  }

  async #ack(key: string) {
    try { await postJson('/api/v1/alerts/ack', { key }); this.message = 'Acknowledged: no more reminders for this incident.'; this.#load() } catch (e) { this.message = `Refused: ${(e as Error).message}` }
  }

  async #silence(e: Event, key: string) {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const field = (n: string) => (form.elements.namedItem(n) as HTMLInputElement).value.trim()
    try {
      await postJson('/api/v1/alerts/silence', { key, until: `${field('until')}T23:59:59Z`, reason: field('reason') })
      this.message = `Silenced until ${field('until')} 23:59 UT.`
      this.#load()
    } catch (err) { this.message = `Refused: ${(err as Error).message}` }
  }
}
