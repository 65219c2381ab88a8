import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'

export const RANGES = { '90d': 90, '1y': 365, '5y': 1826, all: null } as const
export type RangeName = keyof typeof RANGES | 'custom'

/** The time range of a trend view, in Unix ms ([from, to]; null = open). */
export function rangeBounds(range: RangeName, nowMs: number, custom?: { from?: string; to?: string }): [number | null, number | null] {
  if (range === 'custom') return [custom?.from ? Date.parse(custom.from) : null, custom?.to ? Date.parse(custom.to) + 86_399_999 : null]
  const days = RANGES[range]
  return [days === null ? null : nowMs - days * 86_400_000, null]
}

/**
 * Range buttons (90 days as ESO's HC plots, 1 year, 5 years, all) and a custom
 * from/to. Fires `range-change` with `{ range, from, to }`.
 */
@customElement('qc-range-control')
export class RangeControl extends LitElement {
  static styles = css`
    :host { display: flex; gap: .35rem; align-items: center; flex-wrap: wrap; }
    button { font: inherit; padding: .25rem .6rem; border: 1px solid #8c959f; background: #fff; color: #1f2328; border-radius: 4px; cursor: pointer; }
    button[aria-pressed='true'] { background: #0b3d62; color: #fff; border-color: #0b3d62; }
    button:focus-visible, input:focus-visible { outline: 3px solid #0969da; outline-offset: 1px; }
    input { font: inherit; padding: .15rem; }
    input:invalid { border-color: #cf222e; }
    .ut { color: #57606a; font-size: .85rem; }
  `
  @property() range: RangeName = '90d'
  @property() from = ''
  @property() to = ''

  #pick(range: RangeName) {
    this.range = range
    this.dispatchEvent(new CustomEvent('range-change', { detail: { range, from: this.from, to: this.to }, bubbles: true, composed: true }))
  }

  /** Dates are typed as YYYY-MM-DD (UT) whatever the browser's locale; anything else is refused on the spot. */
  #date(which: 'from' | 'to', e: Event) {
    const input = e.target as HTMLInputElement
    const v = input.value.trim()
    if (v && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) { input.setCustomValidity('YYYY-MM-DD'); input.reportValidity(); return }
    input.setCustomValidity('')
    this[which] = v
    this.#pick('custom')
  }

  render() {
    const b = (r: RangeName, label: string) => html`<button aria-pressed=${this.range === r} @click=${() => this.#pick(r)}>${label}</button>`
    return html`<span role="group" aria-label="time range">${b('90d', '90 days')} ${b('1y', '1 year')} ${b('5y', '5 years')} ${b('all', 'all')}</span>
      <label>from <input name="from" type="text" inputmode="numeric" placeholder="YYYY-MM-DD" pattern="\\d{4}-\\d{2}-\\d{2}" size="10" .value=${this.from} @change=${(e: Event) => this.#date('from', e)}></label>
      <label>to <input name="to" type="text" inputmode="numeric" placeholder="YYYY-MM-DD" pattern="\\d{4}-\\d{2}-\\d{2}" size="10" .value=${this.to} @change=${(e: Event) => this.#date('to', e)}></label> <span class="ut">UT</span>`
  }
}
