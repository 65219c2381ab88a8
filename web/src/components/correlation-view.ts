import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { Task } from '@lit/task'
import { getJson, type CorrelationResponse } from '../api.ts'
import { num, utc } from '../format.ts'

const W = 320, H = 280, M = { left: 52, right: 10, top: 10, bottom: 34 }

/** Old → new: dark blue to yellow (viridis' ends), so the time order reads at a glance. */
const timeColour = (f: number) => `rgb(${Math.round(68 + f * 185)}, ${Math.round(1 + f * 230)}, ${Math.round(84 - f * 48)})`

/**
 * Two parameters of one instrument against each other (x vs y), points coloured by time, the
 * Theil–Sen line, Pearson's r and Spearman's ρ; hover names the product of the pair under the
 * cursor. Opened from a trend panel ("correlate"), its partner chosen here.
 */
@customElement('qc-correlation-view')
export class CorrelationView extends LitElement {
  static styles = css`
    :host { display: block; border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem; background: #fff; margin-bottom: .6rem; position: relative; }
    h3 { margin: 0 0 .4rem; font-size: 1rem; }
    label { font-size: .85rem; }
    select { font: inherit; max-width: 100%; }
    button { font: inherit; margin-top: .3rem; padding: .15rem .5rem; border: 1px solid #0b3d62; background: #fff; color: #0b3d62; border-radius: 4px; cursor: pointer; }
    canvas { display: block; margin-top: .4rem; }
    .stats { font-size: .82rem; color: #57606a; margin: .3rem 0 0; }
    .tip { position: absolute; pointer-events: none; background: #1f2328; color: #fff; padding: .3rem .45rem; border-radius: 4px; font-size: .78rem; white-space: nowrap; z-index: 5; }
  `
  @property() instrument = ''
  @property() x = ''
  @property() setup = ''
  /** Partners to choose from: the instrument's parameters. */
  @property({ attribute: false }) params: string[] = []
  @property() y = ''
  /** The page's time range (Unix ms; null: open). */
  @property({ attribute: false }) from: number | null = null
  @property({ attribute: false }) to: number | null = null
  @state() private tip: { x: number; y: number; text: string } | null = null
  #px: { x: number; y: number; i: number }[] = []

  readonly data = new Task(this, {
    task: async ([instrument, x, y, setup, from, to], { signal }) => {
      if (!y) return undefined
      const q = new URLSearchParams({ instrument, x, y })
      if (setup) q.set('setup', setup)
      if (from !== null) q.set('from', new Date(from).toISOString())
      if (to !== null) q.set('to', new Date(to).toISOString())
      return getJson<CorrelationResponse>(`/api/v1/correlation?${q}`, signal)
    },
    args: () => [this.instrument, this.x, this.y, this.setup, this.from, this.to] as const,
  })

  render() {
    const d = this.data.value
    return html`<h3>${this.x} vs ${this.y || '…'}</h3>
      <label>against <select aria-label="partner parameter" @change=${(e: Event) => (this.y = (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!this.y}>choose a parameter</option>
        ${this.params.filter((p) => p !== this.x).map((p) => html`<option value=${p} ?selected=${p === this.y}>${p}</option>`)}
      </select></label>
      ${this.setup ? html`<div class="stats">setup ${this.setup}</div>` : nothing}
      ${this.y ? html`<button @click=${() => this.dispatchEvent(new CustomEvent('show-under', { detail: { param: this.y }, bubbles: true, composed: true }))}>Show ${this.y} under ${this.x}</button>` : nothing}
      ${this.data.status === 3 ? html`<p role="alert">${(this.data.error as Error).message}</p>` : nothing}
      ${d ? html`<canvas width=${W} height=${H} style="width:${W}px;height:${H}px" @mousemove=${this.#hover} @mouseleave=${() => (this.tip = null)}></canvas>
        <p class="stats" data-stats>${d.n} pairs · r = ${d.pearson ?? '–'} · ρ = ${d.spearman ?? '–'}${d.fit ? ` · y = ${num(d.fit.intercept)} + ${num(d.fit.slope)}·x (Theil–Sen)` : ''} · colour: old → new</p>` : nothing}
      ${this.tip ? html`<div class="tip" style="left:${this.tip.x + 12}px;top:${this.tip.y + 12}px">${this.tip.text.split('\n').map((l) => html`<div>${l}</div>`)}</div>` : nothing}`
  }

  updated() {
    const d = this.data.value, c = this.renderRoot.querySelector('canvas')
    if (d && c) this.#draw(c, d)
  }

  #draw(c: HTMLCanvasElement, d: CorrelationResponse) {
    const ctx = c.getContext('2d')!
    ctx.clearRect(0, 0, W, H)
    const p = d.pairs
    const ext = (v: number[]) => { const lo = Math.min(...v), hi = Math.max(...v), pad = (hi - lo) * 0.05 || 1; return [lo - pad, hi + pad] }
    const [x0, x1] = p.x.length ? ext(p.x) : [0, 1], [y0, y1] = p.y.length ? ext(p.y) : [0, 1]
    const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * (W - M.left - M.right), sy = (v: number) => H - M.bottom - ((v - y0) / (y1 - y0)) * (H - M.top - M.bottom)
    ctx.strokeStyle = '#8c959f'; ctx.strokeRect(M.left, M.top, W - M.left - M.right, H - M.top - M.bottom)
    ctx.fillStyle = '#57606a'; ctx.font = '11px sans-serif'
    ctx.fillText(num(x0), M.left, H - M.bottom + 14); ctx.fillText(num(x1), W - M.right - 40, H - M.bottom + 14)
    ctx.fillText(`${d.x.param}${d.x.unit ? ` [${d.x.unit}]` : ''}`, M.left + 60, H - 6)
    ctx.fillText(num(y1), 2, M.top + 10); ctx.fillText(num(y0), 2, H - M.bottom)
    ctx.save(); ctx.translate(12, H / 2 + 30); ctx.rotate(-Math.PI / 2); ctx.fillText(`${d.y.param}${d.y.unit ? ` [${d.y.unit}]` : ''}`, 0, 0); ctx.restore()
    const t0 = p.t[0] ?? 0, span = (p.t.at(-1) ?? 1) - t0 || 1
    this.#px = p.x.map((v, i) => ({ x: sx(v), y: sy(p.y[i]), i }))
    for (const q of this.#px) { ctx.fillStyle = timeColour((p.t[q.i] - t0) / span); ctx.beginPath(); ctx.arc(q.x, q.y, 2.5, 0, 2 * Math.PI); ctx.fill() }
    if (d.fit) {
      ctx.strokeStyle = '#cf222e'; ctx.lineWidth = 1.5; ctx.beginPath()
      ctx.moveTo(sx(x0), sy(d.fit.intercept + d.fit.slope * x0)); ctx.lineTo(sx(x1), sy(d.fit.intercept + d.fit.slope * x1))
      ctx.save(); ctx.rect(M.left, M.top, W - M.left - M.right, H - M.top - M.bottom); ctx.clip(); ctx.stroke(); ctx.restore()
    }
  }

  #hover = (e: MouseEvent) => {
    const d = this.data.value
    const r = (e.target as HTMLCanvasElement).getBoundingClientRect(), mx = e.clientX - r.left, my = e.clientY - r.top
    let best: { x: number; y: number; i: number } | null = null, bd = 8
    for (const q of this.#px) { const dd = Math.hypot(q.x - mx, q.y - my); if (dd < bd) { bd = dd; best = q } }
    if (!d || !best) { this.tip = null; return }
    const i = best.i, host = this.getBoundingClientRect()
    this.tip = { x: r.left - host.left + best.x, y: r.top - host.top + best.y, text: `${d.pairs.product[i]}\n${utc(d.pairs.t[i])}\n${d.x.param} = ${num(d.pairs.x[i])}\n${d.y.param} = ${num(d.pairs.y[i])}` }
  }

  /** For tests: every pair's point in viewport CSS pixels, with its product and values. */
  pairPixels(): { x: number; y: number; product: string; xv: number; yv: number }[] {
    const c = this.renderRoot.querySelector('canvas'), d = this.data.value
    if (!c || !d) return []
    const r = c.getBoundingClientRect()
    return this.#px.map((q) => ({ x: r.left + q.x, y: r.top + q.y, product: d.pairs.product[q.i], xv: d.pairs.x[q.i], yv: d.pairs.y[q.i] }))
  }
}
