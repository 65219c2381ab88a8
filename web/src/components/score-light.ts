import { LitElement, css, html, svg } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Score } from '../api.ts'

/** Shape as well as colour, so the lights read without colour vision: ● ok, ▲ warning, ■ critical, ○ unscored. */
const SHAPES: Record<Score | 'none', ReturnType<typeof svg>> = {
  green: svg`<circle cx="8" cy="8" r="6.5" class="green"/>`,
  yellow: svg`<path d="M8 1.5 L15 14.5 L1 14.5 Z" class="yellow"/>`,
  red: svg`<rect x="1.5" y="1.5" width="13" height="13" class="red"/><path d="M8 4v5M8 11v1.5" stroke="#fff" stroke-width="2"/>`,
  grey: svg`<circle cx="8" cy="8" r="6" class="grey"/>`,
  none: svg`<circle cx="8" cy="8" r="2" class="none"/>`,
}
const WORDS: Record<Score | 'none', string> = { green: 'OK', yellow: 'warning', red: 'critical', grey: 'not scored', none: 'no data' }

/**
 * A score light: `<qc-score-light score="red" size="large">`. Has an accessible
 * name ("critical"), so screen readers and tests read the state, not the colour.
 */
@customElement('qc-score-light')
export class ScoreLight extends LitElement {
  static styles = css`
    :host { display: inline-flex; vertical-align: middle; }
    svg { width: var(--light-size, 16px); height: var(--light-size, 16px); }
    :host([size='large']) { --light-size: 28px; }
    :host([size='small']) { --light-size: 11px; }
    .green { fill: #1a7f37; } .yellow { fill: #bf8700; } .red { fill: #cf222e; }
    .grey { fill: none; stroke: #6e7781; stroke-width: 2; } .none { fill: #afb8c1; }
  `
  @property({ reflect: true }) score: Score | 'none' = 'grey'
  @property({ reflect: true }) size: 'small' | 'normal' | 'large' = 'normal'
  @property() label = ''

  render() {
    const word = WORDS[this.score] ?? 'not scored'
    return html`<svg viewBox="0 0 16 16" role="img" aria-label="${this.label ? `${this.label}: ${word}` : word}"><title>${this.label ? `${this.label}: ` : ''}${word}</title>${SHAPES[this.score] ?? SHAPES.grey}</svg>`
  }
}
