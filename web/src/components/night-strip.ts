import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Score } from '../api.ts'

/**
 * ESO's quick-look strip: the worst score of each of the last 7 nights, oldest first, each
 * night's date (MM-DD) above its light; the current night is marked as in progress.
 */
@customElement('qc-night-strip')
export class NightStrip extends LitElement {
  static styles = css`
    :host { display: inline-grid; grid-auto-flow: column; gap: 0 3px; align-items: center; justify-items: center; }
    .d { font-size: .6rem; color: #57606a; line-height: 1; }
    .now { outline: 1px dashed #57606a; outline-offset: 1px; border-radius: 2px; }
    span { display: grid; justify-items: center; gap: 1px; }
  `
  @property({ attribute: false }) nights: { night: string; score: Score | null }[] = []
  /** The current night (YYYY-MM-DD): it is still in progress. */
  @property() current = ''

  render() {
    return this.nights.map((n) => {
      const now = n.night === this.current
      return html`<span title="night ${n.night}${now ? ' (in progress)' : ''}"><span class="d">${n.night.slice(5)}</span>
        <qc-score-light class=${now ? 'now' : ''} size="small" .score=${n.score ?? 'none'} label="night ${n.night}${now ? ' (in progress)' : ''}"></qc-score-light></span>`
    })
  }
}
