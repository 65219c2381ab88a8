import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { getJson, postJson, type ProductDetail } from '../api.ts'
import { mjd, num, utc } from '../format.ts'
import { consume } from '@lit/context'
import { may, sessionContext, type Session } from '../session.ts'
import { isStatic } from '../router.ts'
import './score-light.ts'
import type { PointSelection } from './trend-panel.ts'

/**
 * The clicked point: the product's other QC values and comments, and the QC
 * scientist's actions (signed in with a qc or admin token):
 * mark the value false (or clear it), comment, adjust a rule's thresholds.
 */
@customElement('qc-point-details')
export class PointDetails extends LitElement {
  static styles = css`
    :host { display: block; border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem; background: #fff; align-self: start; position: sticky; top: .5rem; }
    h3 { margin: 0 0 .4rem; font-size: 1rem; }
    table { border-collapse: collapse; width: 100%; font-size: .82rem; }
    td { padding: .1rem .3rem; border-bottom: 1px solid #eaeef2; }
    label { display: block; margin: .3rem 0; font-size: .85rem; }
    input, textarea { font: inherit; width: 100%; box-sizing: border-box; }
    button { font: inherit; padding: .25rem .6rem; margin: .2rem .2rem 0 0; border: 1px solid #0b3d62; background: #0b3d62; color: #fff; border-radius: 4px; cursor: pointer; }
    .msg { font-size: .85rem; margin: .3rem 0; } .err { color: #82071e; }
    .muted { color: #57606a; font-size: .82rem; }
  `
  @property({ attribute: false }) selection?: PointSelection
  @consume({ context: sessionContext, subscribe: true }) @state() private session?: Session
  @state() private detail?: ProductDetail
  @state() private error?: string
  @state() private message?: string

  willUpdate(changed: Map<string, unknown>) {
    if (changed.has('selection') && this.selection && !isStatic()) {
      this.detail = undefined; this.error = undefined; this.message = undefined
      const s = this.selection
      getJson<ProductDetail>(`/api/v1/products/${encodeURIComponent(s.product)}?instrument=${encodeURIComponent(s.instrument)}`)
        .then((d) => (this.detail = d), (e) => (this.error = (e as Error).message))
    }
  }

  render() {
    const s = this.selection
    if (!s) return html`<h3>Point details</h3><p class="muted">Click a point of a plot to see its product, its other QC values and comments.</p>`
    return html`<h3>${s.param} = ${num(s.value)}</h3>
      <div><qc-score-light .score=${s.score as 'red'} label=${s.score}></qc-score-light> ${s.score}: ${s.cause}</div>
      <div class="muted">${s.setup}<br>${utc(s.t)} · MJD ${mjd(s.t)}<br><span data-product>${s.product}</span></div>
      ${this.error ? html`<p class="err" role="alert">${this.error}</p>` : nothing}
      ${isStatic() ? nothing : this.detail ? html`
        <p class="muted">${this.detail.recipe ? `${this.detail.recipe} (${this.detail.pipeline})` : ''} ${this.detail.file ?? ''}</p>
        <table aria-label="QC values of the product"><tbody>${this.detail.values.map((v) => html`<tr><td><qc-score-light size="small" .score=${v.score} label=${v.score}></qc-score-light></td><td>${v.param}</td><td>${num(v.value)}</td><td class="muted">${v.setup}</td></tr>`)}</tbody></table>
        ${this.detail.comments.length ? html`<h3>Comments</h3>${this.detail.comments.map((c) => html`<p class="msg">${c.text} <span class="muted">— ${c.by}, ${c.at}${c.internal ? ' (internal)' : ''}</span></p>`)}` : nothing}` : html`<p aria-busy="true">Loading the product…</p>`}
      ${isStatic() ? nothing : this.#actions()}`
  }

  #actions() {
    if (!may(this.session, 'qc')) return html`<p class="muted">Sign in with a qc or admin token to mark values false or comment.</p>`
    return html`<h3>Actions</h3>
      <label>Why / comment <textarea name="why" rows="2"></textarea></label>
      <button @click=${() => this.#flag('false')}>Mark value false</button><button @click=${() => this.#flag('clear')}>Clear mark</button><button @click=${this.#comment}>Comment</button>
      ${this.message ? html`<p class="msg" role="status">${this.message}</p>` : nothing}`
  }

  #field(name: string) { return (this.renderRoot.querySelector(`[name=${name}]`) as HTMLInputElement).value.trim() }

  async #act(fn: () => Promise<unknown>, done: string) {
    try {
      await fn()
      this.message = done
      this.dispatchEvent(new CustomEvent('scores-changed', { bubbles: true, composed: true }))
    } catch (e) {
      this.message = `Refused: ${(e as Error).message}`
    }
  }

  #flag(flag: 'false' | 'clear') {
    const s = this.selection!
    return this.#act(() => postJson('/api/v1/actions/flag', {
      instrument: s.instrument, param: s.param, setup: s.setup, ts: new Date(s.t).toISOString(), product: s.product, flag, why: this.#field('why'),
    }), flag === 'false' ? 'Marked false; the series was re-scored.' : 'Mark cleared; the series was re-scored.')
  }

  #comment = () => {
    const s = this.selection!
    return this.#act(() => postJson('/api/v1/actions/comment', {
      kind: 'value', instrument: s.instrument, param: s.param, setup: s.setup, ts: new Date(s.t).toISOString(), product: s.product, text: this.#field('why'),
    }), 'Comment saved.')
  }
}
