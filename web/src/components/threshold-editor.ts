import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { postJson, type RuleInfo } from '../api.ts'
import { utcDate } from '../format.ts'

interface Preview { values: number; changed: number; from: string; changes: { before: string; after: string; values: number }[] }

/**
 * A QC scientist's threshold editor for one parameter: pick a rule (one per setup glob),
 * edit its warning and critical limits (fixed: [low, high] in the unit; relative: ±%;
 * statistical: ±k sigma), give a reason and a start date, preview how many past values
 * would change score, and apply with or without re-scoring history. Fires `scores-changed`.
 */
@customElement('qc-threshold-editor')
export class ThresholdEditor extends LitElement {
  static styles = css`
    :host { display: block; border: 1px solid #0b3d62; border-radius: 6px; padding: .6rem; background: #fff; margin-bottom: .8rem; }
    h3 { margin: 0 0 .4rem; font-size: 1rem; }
    label { display: block; margin: .25rem 0; font-size: .85rem; }
    .pair { display: flex; gap: .3rem; align-items: center; }
    input, select, textarea { font: inherit; box-sizing: border-box; }
    input[type=number] { width: 6.5rem; }
    textarea { width: 100%; }
    button { font: inherit; padding: .25rem .6rem; margin: .2rem .2rem 0 0; border: 1px solid #0b3d62; background: #0b3d62; color: #fff; border-radius: 4px; cursor: pointer; }
    button.secondary { background: #fff; color: #0b3d62; }
    .muted { color: #57606a; font-size: .82rem; } .err { color: #82071e; }
    .preview { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: .35rem .5rem; font-size: .85rem; margin: .3rem 0; }
  `
  @property() instrument = ''
  @property() param = ''
  @property() unit = ''
  /** Every version of the parameter's rules (the series answer's `rules`). */
  @property({ attribute: false }) rules: RuleInfo[] = []
  /** The day a new version starts by default (YYYY-MM-DD): today. */
  @property() today = utcDate(Date.now())
  @state() private ruleId = ''
  @state() private preview?: Preview
  @state() private message = ''

  /** The newest version of each rule: what a change builds on. */
  get #current(): RuleInfo[] {
    const latest = new Map<string, RuleInfo>()
    for (const r of this.rules) if (!latest.has(r.id) || latest.get(r.id)!.version < r.version) latest.set(r.id, r)
    return [...latest.values()]
  }

  render() {
    const rules = this.#current
    if (rules.length === 0) return html`<h3>Limits of ${this.param}</h3><p class="muted">No rule scores ${this.param}: add one in its qc-params catalogue.</p>`
    const r = rules.find((x) => x.id === this.ruleId) ?? rules[0]
    const fixed = r.type === 'fixed'
    const band = (name: string, v: unknown) => fixed
      ? html`<span class="pair"><input type="number" step="any" name="${name}Lo" aria-label="${name} low" .value=${String((v as number[] | null)?.[0] ?? '')}> –
          <input type="number" step="any" name="${name}Hi" aria-label="${name} high" .value=${String((v as number[] | null)?.[1] ?? '')}> ${this.unit}</span>`
      : html`<span class="pair">± <input type="number" step="any" min="0" name=${name} aria-label=${name} .value=${String(v ?? '')}> ${r.type === 'relative' ? '%' : 'σ'}</span>`
    return html`<h3>Limits of ${this.param}</h3>
      <label>Rule <select name="rule" @change=${(e: Event) => { this.ruleId = (e.target as HTMLSelectElement).value; this.preview = undefined }}>
        ${rules.map((x) => html`<option value=${x.id} ?selected=${x.id === r.id}>${x.setup} (${x.type}, v${x.version})</option>`)}</select></label>
      <p class="muted">In force since ${r.from ? r.from.slice(0, 10) : 'the start'}${r.by ? ` (set by ${r.by}${r.why ? `: ${r.why}` : ''})` : ''}.</p>
      <label>Warning ${band('warning', r.warning)}</label>
      <label>Critical ${band('critical', r.critical)}</label>
      <label>From (UT date) <input name="from" type="text" inputmode="numeric" placeholder="YYYY-MM-DD" pattern="\\d{4}-\\d{2}-\\d{2}" .value=${this.today} size="10"></label>
      <label>Reason <textarea name="why" rows="2" required></textarea></label>
      <label><input type="checkbox" name="rescore"> re-score the values since then</label>
      <button class="secondary" @click=${() => this.#send(r, true)}>Preview</button><button @click=${() => this.#send(r, false)}>Apply</button>
      ${this.preview ? html`<div class="preview" role="status" data-preview>Since ${this.preview.from.slice(0, 10)}: ${this.preview.changed} of ${this.preview.values} values would change score${this.preview.changes.length
        ? html`: ${this.preview.changes.map((c) => `${c.before} → ${c.after} ${c.values}`).join(', ')}` : ''}.</div>` : nothing}
      ${this.message ? html`<p class=${this.message.startsWith('Refused') ? 'err' : 'muted'} role="status">${this.message}</p>` : nothing}`
  }

  #value(name: string): string { return (this.renderRoot.querySelector(`[name=${name}]`) as HTMLInputElement).value.trim() }

  #limits(r: RuleInfo): { warning?: unknown; critical?: unknown } {
    const num = (name: string) => (this.#value(name) === '' ? undefined : Number(this.#value(name)))
    if (r.type === 'fixed') {
      const pair = (k: string) => (num(`${k}Lo`) === undefined || num(`${k}Hi`) === undefined ? undefined : [num(`${k}Lo`), num(`${k}Hi`)])
      return { warning: pair('warning'), critical: pair('critical') }
    }
    return { warning: num('warning'), critical: num('critical') }
  }

  async #send(r: RuleInfo, preview: boolean) {
    const from = this.#value('from')
    const why = this.#value('why')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) { this.message = 'Refused: the start date is YYYY-MM-DD (UT)'; return }
    if (!preview && !why) { this.message = 'Refused: say why the limits change (it goes into the audit log)'; return }
    const rescore = (this.renderRoot.querySelector('[name=rescore]') as HTMLInputElement).checked
    try {
      const res = await postJson<Preview & { version?: number; rescoreMs?: number }>('/api/v1/actions/rule', {
        instrument: this.instrument, id: r.id, ...this.#limits(r), from: `${from}T00:00:00Z`, why: why || 'preview', rescore: !preview && rescore, preview,
      })
      if (preview) { this.preview = res; this.message = ''; return }
      this.preview = undefined
      this.message = `Applied: version ${res.version} from ${from}${rescore ? `, history re-scored in ${res.rescoreMs} ms` : ' (history keeps its scores)'}.`
      this.dispatchEvent(new CustomEvent('scores-changed', { bubbles: true, composed: true }))
    } catch (e) {
      this.message = `Refused: ${(e as Error).message}`
    }
  }
}
