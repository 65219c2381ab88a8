import { LitElement, css, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { getJson } from '../api.ts'
import { utc } from '../format.ts'

interface AlertView { key: string; instrument: string; kind: string; state: string; since: string; title: string; ackedBy: string; silenced: boolean; silencedUntil: string | null; silenceReason: string }
interface AlertsResponse { firing: AlertView[]; pending: AlertView[]; silenced: AlertView[] }

/** Firing, pending and silenced alerts (silenced ones stay visible), refreshed with the monitor. */
@customElement('qc-alerts-panel')
export class AlertsPanel extends LitElement {
  static styles = css`
    :host { display: block; }
    ul { list-style: none; padding: 0; margin: 0; }
    li { padding: .3rem 0; border-bottom: 1px solid #eaeef2; }
    .kind { display: inline-block; min-width: 5.5rem; font-weight: 600; }
    .firing { color: #82071e; } .pending { color: #4d2d00; } .muted { color: #57606a; font-size: .85rem; }
  `
  /** Changing it reloads (the monitor bumps it on every poll). */
  @property({ type: Number }) tick = 0
  @state() private data?: AlertsResponse
  @state() private error?: string

  willUpdate(changed: Map<string, unknown>) {
    if (changed.has('tick')) getJson<AlertsResponse>('/api/v1/alerts').then((d) => { this.data = d; this.error = undefined }, (e) => (this.error = (e as Error).message))
  }

  render() {
    if (this.error) return html`<p role="alert">Cannot load alerts: ${this.error}</p>`
    if (!this.data) return html`<p aria-busy="true">Loading alerts…</p>`
    const all = [...this.data.firing.map((a) => ({ ...a, cls: 'firing' })), ...this.data.pending.map((a) => ({ ...a, cls: 'pending' }))]
    if (all.length === 0) return html`<p>No alert is firing.</p>`
    return html`<ul aria-label="alerts">${all.map((a) => html`<li data-key=${a.key}>
      <span class="kind ${a.cls}">${a.cls === 'firing' ? 'FIRING' : 'pending'}</span> <strong>${a.instrument}</strong> ${a.title}
      <div class="muted">${a.kind} since ${utc(a.since)}${a.ackedBy ? ` · acknowledged by ${a.ackedBy}` : ''}${a.silenced ? ` · silenced until ${utc(a.silencedUntil!)}: ${a.silenceReason}` : ''}</div></li>`)}</ul>`
  }
}
