import { LitElement, css, html, svg } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Score } from '../api.ts'

/** The same shapes as qc-score-light (● ok, ▲ warning, ■ critical, ○ unscored, · no data), drawn inline: a monitor has hundreds. */
const SHAPES: Record<Score | 'none', ReturnType<typeof svg>> = {
  green: svg`<circle cx="8" cy="8" r="6.5" class="green"/>`,
  yellow: svg`<path d="M8 1.5 L15 14.5 L1 14.5 Z" class="yellow"/>`,
  red: svg`<rect x="1.5" y="1.5" width="13" height="13" class="red"/>`,
  grey: svg`<circle cx="8" cy="8" r="6" class="grey"/>`,
  none: svg`<circle cx="8" cy="8" r="2" class="none"/>`,
}
const WORDS: Record<Score | 'none', string> = { green: 'OK', yellow: 'warning', red: 'critical', grey: 'not scored', none: 'no data' }

/**
 * ESO's quick-look strip: the worst score of each of the last 7 nights, oldest first, each
 * night's date (MM-DD) above its light; the current night is marked as in progress.
 */
@customElement('qc-night-strip')
export class NightStrip extends LitElement {
  static styles = css`
    :host { display: inline-grid; grid-auto-flow: column; gap: 0 3px; align-items: center; justify-items: center; }
    .d { font-size: .6rem; color: #57606a; line-height: 1; }
    svg { width: 11px; height: 11px; }
    .now svg { outline: 1px dashed #57606a; outline-offset: 1px; border-radius: 2px; }
    span { display: grid; justify-items: center; gap: 1px; }
    .green { fill: #1a7f37; } .yellow { fill: #bf8700; } .red { fill: #cf222e; }
    .grey { fill: none; stroke: #6e7781; stroke-width: 2; } .none { fill: #afb8c1; }
  `
  @property({ attribute: false }) nights: { night: string; score: Score | null }[] = []
  /** The current night (YYYY-MM-DD): it is still in progress. */
  @property() current = ''

  render() {
    return this.nights.map((n) => {
      const now = n.night === this.current
      const s = n.score ?? 'none'
      const label = `night ${n.night}${now ? ' (in progress)' : ''}: ${WORDS[s]}`
      return html`<span class=${now ? 'now' : ''} title=${label}><span class="d">${n.night.slice(5)}</span><svg viewBox="0 0 16 16" role="img" aria-label=${label}>${SHAPES[s]}</svg></span>`
    })
  }
}
