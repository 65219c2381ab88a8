import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { consume } from '@lit/context'
import { Task } from '@lit/task'
import { getJson, postJson, type ProductDetail } from '../api.ts'
import { mjd, num, utc } from '../format.ts'
import { isStatic } from '../router.ts'
import { may, sessionContext, type Session } from '../session.ts'
import './score-light.ts'
import type { PointSelection } from './trend-panel.ts'

/**
 * The clicked point: the product's other QC values and comments, whether the value is marked
 * false (by whom, when, why), and the QC scientist's actions (signed in with a qc or admin
 * token). After an action the product is read again at once and the page re-reads the plots.
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
    .flag { background: #fff8c5; border: 1px solid #d4a72c; padding: .3rem .4rem; border-radius: 4px; font-size: .85rem; }
  `
  @property({ attribute: false }) selection?: PointSelection
  @consume({ context: sessionContext, subscribe: true }) @state() private session?: Session
  @state() private message?: string
  /** Bumped after an action: the product is read again. */
  @state() private revision = 0

  readonly detail = new Task(this, {
    task: async ([s], { signal }) => (s && !isStatic()
      ? getJson<ProductDetail>(`/api/v1/products/${encodeURIComponent(s.product)}?instrument=${encodeURIComponent(s.instrument)}`, signal) : undefined),
    args: () => [this.selection, this.revision] as const,
  })

  willUpdate(changed: Map<string, unknown>) {
    if (changed.has('selection')) this.message = undefined
  }

  render() {
    const s = this.selection
    if (!s) return html`<h3>Point details</h3><p class="muted">Click a point of a plot to see its product, its other QC values and comments.</p>`
    const d = this.detail.value
    // The value as stored now (after an action its score and cause change at once).
    const now = d?.values.find((v) => v.param === s.param && v.setup === s.setup)
    const score = now?.score ?? s.score, cause = now?.cause ?? s.cause
    return html`<h3>${s.param} = ${num(s.value)}</h3>
      <div><qc-score-light .score=${score as 'red'} label=${score}></qc-score-light> <span data-score>${score}: ${cause}</span></div>
      <div class="muted"><span data-setup>${s.setup}</span><br>${utc(s.t)} · MJD ${mjd(s.t)}<br><span data-product>${s.product}</span></div>
      ${now?.flagged ? html`<p class="flag" data-flagged>Marked false${now.flagged.by ? html` by <strong>${now.flagged.by}</strong>` : ''}, ${utc(now.flagged.at.replace(' ', 'T') + 'Z')}${now.flagged.why ? html`: ${now.flagged.why}` : ''}</p>` : nothing}
      ${this.detail.status === 3 ? html`<p class="err" role="alert">${(this.detail.error as Error).message}</p>` : nothing}
      ${isStatic() ? nothing : d ? html`
        ${d.sources?.length ? html`<table aria-label="Product files" data-sources><thead><tr><th>file</th><th>PRO CATG</th><th>recipe</th><th>values</th></tr></thead><tbody>${d.sources.map((f) => html`<tr><td>${f.file ?? '(values API)'}</td><td>${f.proCatg ?? ''}</td><td class="muted">${f.recipe ? `${f.recipe} (${f.pipeline ?? '?'})` : ''}</td><td>${f.values}</td></tr>`)}</tbody></table>`
          : html`<p class="muted">${d.recipe ? `${d.recipe} (${d.pipeline})` : ''} ${d.file ?? ''}</p>`}
        <table aria-label="QC values of the product"><tbody>${d.values.map((v) => html`<tr><td><qc-score-light size="small" .score=${v.score} label=${v.score}></qc-score-light></td><td>${v.param}${v.flagged ? ' (marked false)' : ''}</td><td>${num(v.value)}</td><td class="muted">${v.setup}</td></tr>`)}</tbody></table>
        ${d.attributes?.length ? html`<table aria-label="Product attributes" data-attributes><tbody>${d.attributes.map((a) => html`<tr><td class="muted">${a.keyword.replace(/^ESO /, '')}</td><td>${a.value}</td></tr>`)}</tbody></table>` : nothing}
        ${d.comments.length ? html`<h3>Comments</h3>${d.comments.map((c) => html`<p class="msg" data-comment>${c.text} <span class="muted">— ${c.by}, ${c.at}${c.internal ? ' (internal)' : ''}</span></p>`)}` : nothing}` : this.detail.status === 1 ? html`<p aria-busy="true">Loading the product…</p>` : nothing}
      ${isStatic() ? nothing : this.#actions(!!now?.flagged)}`
  }

  #actions(flagged: boolean) {
    if (!may(this.session, 'qc')) return html`<p class="muted">Sign in with a qc or admin token to mark values false or comment.</p>`
    return html`<h3>Actions</h3>
      <label>Why / comment <textarea name="why" rows="2"></textarea></label>
      ${flagged ? html`<button @click=${() => this.#flag('clear')}>Clear mark</button>` : html`<button @click=${() => this.#flag('false')}>Mark value false</button>`}<button @click=${this.#comment}>Comment</button>
      ${this.message ? html`<p class="msg" role="status">${this.message}</p>` : nothing}`
  }

  #field(name: string) { return (this.renderRoot.querySelector(`[name=${name}]`) as HTMLInputElement).value.trim() }

  async #act(fn: () => Promise<unknown>, done: string) {
    try {
      await fn()
      this.message = done
      this.revision++
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
