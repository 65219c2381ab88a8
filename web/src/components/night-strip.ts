import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Score } from '../api.ts'

/** ESO's quick-look strip: the worst score of each of the last 7 nights, oldest first. */
@customElement('qc-night-strip')
export class NightStrip extends LitElement {
  static styles = css`:host { display: inline-flex; gap: 2px; align-items: center; }`
  @property({ attribute: false }) nights: { night: string; score: Score | null }[] = []

  render() {
    return this.nights.map((n) => html`<qc-score-light size="small" .score=${n.score ?? 'none'} label="night ${n.night}"></qc-score-light>`)
  }
}
