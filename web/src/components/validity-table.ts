import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { ValidityLine } from '../api.ts'
import './score-light.ts'

/** Calibration validity of one instrument, with the daytime astronomer's "take these calibrations" list. */
@customElement('qc-validity-table')
export class ValidityTable extends LitElement {
  static styles = css`
    :host { display: block; margin-bottom: 1rem; }
    table { border-collapse: collapse; width: 100%; font-size: .9rem; }
    th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #eaeef2; }
    .todo { background: #fff8c5; border: 1px solid #bf8700; padding: .4rem .6rem; border-radius: 4px; margin: .3rem 0; color: #4d2d00; }
    .todo.red { background: #ffebe9; border-color: #cf222e; color: #82071e; }
    h3 { margin: .4rem 0; font-size: 1rem; }
    .muted { color: #57606a; font-size: .8rem; }
    tr[data-status='expired'] td:nth-child(3), tr[data-status='never'] td:nth-child(3) { color: #82071e; font-weight: 600; }
  `
  @property() instrument = ''
  @property({ attribute: false }) lines: ValidityLine[] = []

  render() {
    if (this.lines.length === 0) return html`<h3>${this.instrument}</h3><p>No validity ranges declared.</p>`
    const todo = this.lines.filter((l) => l.status !== 'valid')
    const byReport = new Map<string, string[]>()
    // A catalogue glob ("BLUE, 225kHz*") is spelt out as the setups it stands for, so the astronomer knows what to take.
    const spelt = (l: ValidityLine) => (l.matches === undefined ? [l.setup] : l.matches.length ? l.matches : [`${l.setup} (no such setup taken yet)`])
    for (const l of todo) byReport.set(l.report, [...(byReport.get(l.report) ?? []), ...spelt(l)])
    return html`<h3>${this.instrument}</h3>
      ${todo.length ? html`<div class="todo ${todo.some((l) => l.severity === 'red') ? 'red' : ''}" role="note"><strong>Take these calibrations:</strong>
        ${[...byReport].map(([r, setups]) => html`<div>${r} for ${setups.join('; ')}</div>`)}</div>` : ''}
      <table><thead><tr><th>Calibration</th><th>Setup</th><th>Status</th><th>Age (nights)</th><th>Valid</th><th>Newest good</th></tr></thead><tbody>
      ${this.lines.map((l) => html`<tr data-status=${l.status}>
        <td>${l.report}</td><td>${l.setup}${l.matches?.length ? html`<div class="muted">${l.matches.join('; ')}</div>` : ''}</td>
        <td><qc-score-light size="small" .score=${l.severity} label=${l.status}></qc-score-light> ${l.status}${l.overdueNights ? ` (+${l.overdueNights})` : ''}</td>
        <td>${l.ageNights ?? '–'}</td><td>${l.nights} night${l.nights > 1 ? 's' : ''}</td>
        <td>${l.last ? html`${l.last.night} <small>${l.last.product}</small>` : 'never'}</td></tr>`)}
      </tbody></table>`
  }
}
