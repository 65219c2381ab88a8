import { csvCell } from '../../../server/text/csv-cell.ts'
import { LitElement, css, html, nothing, unsafeCSS } from 'lit'
import uplotCss from 'uplot/dist/uPlot.min.css?inline'
import { customElement, property, state } from 'lit/decorators.js'
import uPlot from 'uplot'
import { getJson, type CommentMarker, type RuleInfo, type SeriesColumns, type SeriesResponse } from '../api.ts'
import { mjd, num, utc } from '../format.ts'
import { buildPlotData, COLOURS, type PlotData } from './plot-data.ts'

export interface PointSelection { instrument: string; param: string; setup: string; t: number; value: number; product: string; score: string; cause: string }

/**
 * One trend plot (uPlot): a parameter over a time range, one series per setup,
 * threshold bands that step when rules changed, the trailing reference, red and
 * yellow values marked, the newest point highlighted, comments and rule changes
 * as vertical markers. Drag to zoom (fetches full resolution), double-click to
 * reset. Fires `point-select` on click and `zoom` with the new [from, to].
 */
@customElement('qc-trend-panel')
export class TrendPanel extends LitElement {
  static styles = [unsafeCSS(uplotCss), css`
    :host { display: block; border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem; margin-bottom: .6rem; background: #fff; position: relative; }
    header { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; flex-wrap: wrap; }
    h3 { margin: 0; font-size: 1rem; }
    .muted { color: #57606a; font-size: .85rem; }
    .tip { position: absolute; pointer-events: none; background: #1f2328; color: #fff; padding: .35rem .5rem; border-radius: 4px; font-size: .8rem; z-index: 5; max-width: 22rem; }
    button, a.dl { font: inherit; font-size: .8rem; padding: .1rem .45rem; border: 1px solid #8c959f; background: #f6f8fa; color: #1f2328; border-radius: 4px; cursor: pointer; text-decoration: none; }
    [role='alert'] { color: #82071e; }
    .plot { min-height: 60px; }
    .legend { display: flex; flex-wrap: wrap; gap: .2rem .8rem; font-size: .8rem; margin: .2rem 0; }
    .legend i { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; margin-right: .25rem; vertical-align: -1px; }
  `]
  @property() instrument = ''
  @property() param = ''
  @property({ type: Number }) from: number | null = null
  @property({ type: Number }) to: number | null = null
  @property() syncKey = 'trend'
  @property({ attribute: false }) comments: CommentMarker[] = []
  @property({ type: Number }) height = 220
  @state() private data?: SeriesResponse
  @state() private error?: string
  @state() private loading = true
  @state() private tip: { x: number; y: number; text: string } | null = null
  #plot?: uPlot
  #pd?: PlotData
  #abort?: AbortController
  #zoomed: [number, number] | null = null

  willUpdate(changed: Map<string, unknown>) {
    if (changed.has('instrument') || changed.has('param') || changed.has('from') || changed.has('to')) { this.#zoomed = null; void this.#fetch() }
  }

  disconnectedCallback() {
    super.disconnectedCallback()
    this.#plot?.destroy()
  }

  /** Current data as CSV: one row per point. */
  csv(): string {
    const rows = ['instrument,param,setup,unit,time_utc,mjd,value,product,score,cause']
    for (const s of this.data?.series ?? []) s.t.forEach((t, i) => rows.push([this.instrument, this.param, s.setup, this.data!.unit, new Date(t).toISOString(), mjd(t), s.value[i], s.product[i], s.score[i], s.cause[i]].map(csvCell).join(',')))
    return rows.join('\n') + '\n'
  }

  async #fetch() {
    this.#abort?.abort()
    const ctl = (this.#abort = new AbortController())
    const q = new URLSearchParams({ instrument: this.instrument, param: this.param, maxPoints: '2000' })
    const [from, to] = this.#zoomed ?? [this.from, this.to]
    if (from !== null) q.set('from', new Date(from).toISOString())
    if (to !== null) q.set('to', new Date(to).toISOString())
    this.loading = true
    try {
      this.data = await getJson<SeriesResponse>(`/api/v1/series?${q}`, ctl.signal)
      this.error = undefined
    } catch (e) {
      if ((e as Error).name === 'AbortError') return
      this.error = (e as Error).message
    } finally {
      if (!ctl.signal.aborted) this.loading = false
    }
  }

  render() {
    const d = this.data
    const n = d?.series.reduce((a, s) => a + s.t.length, 0) ?? 0
    return html`<header>
        <h3>${this.param} <span class="muted">${d?.unit ? `[${d.unit}]` : ''}</span></h3>
        <span class="muted count">${this.loading ? 'loading…' : `${n} points${d?.reduced ? ' (reduced to bucket min/max; zoom for all)' : ''}`}</span>
        <span><button @click=${this.#downloadCsv} aria-label="download ${this.param} as CSV">CSV</button>
          <button @click=${this.#downloadPng} aria-label="download ${this.param} plot as PNG">PNG</button></span>
      </header>
      ${d ? html`<div class="legend">${d.series.map((x, i) => html`<span><i style="background:${COLOURS[i % COLOURS.length]}"></i>${x.setup}</span>`)}
        <span class="muted">bands: warning ┄ critical ┈ of ${d.series[0]?.setup ?? ''}; ○ red/yellow values; ◎ newest</span></div>` : nothing}
      ${this.error ? html`<p role="alert">Cannot load ${this.param}: ${this.error}</p>` : nothing}
      ${d && n === 0 && !this.loading ? html`<p>No values in this range.</p>` : nothing}
      <div class="plot" @dblclick=${this.#reset}></div>
      ${this.tip ? html`<div class="tip" style="left:${this.tip.x}px;top:${this.tip.y}px">${this.tip.text.split('\n').map((l) => html`<div>${l}</div>`)}</div>` : nothing}`
  }

  #drawn?: SeriesResponse

  updated() {
    const el = this.renderRoot.querySelector('.plot') as HTMLElement
    // Redraw only for new data: hover and tooltip updates must not rebuild the plot.
    if (!this.data || !el || this.#drawn === this.data) return
    this.#drawn = this.data
    this.#draw(el, this.data)
  }

  #draw(el: HTMLElement, d: SeriesResponse) {
    this.#plot?.destroy()
    const pd = (this.#pd = buildPlotData(d.series))
    const width = Math.max(300, el.clientWidth || 900)
    const bandSeries = (label: string, stroke: string, dash: number[]): uPlot.Series => ({ label, stroke, width: 1.5, dash, points: { show: false }, paths: uPlot.paths.stepped!({ align: 1 }), spanGaps: true })
    const opts: uPlot.Options = {
      width, height: this.height,
      cursor: { sync: { key: this.syncKey }, drag: { x: true, y: false } },
      scales: { x: { time: true } },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      axes: [{}, { label: d.unit || undefined, size: 60 }],
      series: [
        { label: 'time (UT)', value: (_u, v) => (v == null ? '' : utc(v * 1000)) },
        ...d.series.map((s, i): uPlot.Series => ({ label: s.setup, stroke: COLOURS[i % COLOURS.length], width: 0, points: { show: true, size: 5, fill: COLOURS[i % COLOURS.length] } })),
        bandSeries('warning low', '#bf8700', [6, 4]), bandSeries('warning high', '#bf8700', [6, 4]),
        bandSeries('critical low', '#cf222e', [2, 3]), bandSeries('critical high', '#cf222e', [2, 3]),
        { label: 'reference', stroke: '#57606a', width: 1, points: { show: false }, spanGaps: true },
        { label: 'critical values', stroke: '#cf222e', width: 0, points: { show: true, size: 10, fill: 'transparent', stroke: '#cf222e', width: 2 } },
        { label: 'warnings', stroke: '#bf8700', width: 0, points: { show: true, size: 9, fill: 'transparent', stroke: '#bf8700', width: 2 } },
        { label: 'newest', stroke: '#0b3d62', width: 0, points: { show: true, size: 12, fill: 'transparent', stroke: '#0b3d62', width: 3 } },
      ],
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 5) return
          const from = u.posToVal(u.select.left, 'x') * 1000, to = u.posToVal(u.select.left + u.select.width, 'x') * 1000
          this.#zoomed = [Math.round(from), Math.round(to)]
          this.dispatchEvent(new CustomEvent('zoom', { detail: { from: this.#zoomed[0], to: this.#zoomed[1] }, bubbles: true, composed: true }))
          void this.#fetch()
        }],
        setCursor: [(u) => this.#hover(u)],
        draw: [(u) => this.#markers(u, d.rules)],
      },
      legend: { show: false },
    }
    this.#plot = new uPlot(opts, pd.data, el)
    this.#plot.over.addEventListener('click', () => this.#click())
  }

  #hover(u: uPlot) {
    const idx = u.cursor.idx
    const pd = this.#pd
    if (idx == null || !pd || u.cursor.left == null || u.cursor.left < 0) { this.tip = null; return }
    const hits = pd.at(idx)
    if (hits.length === 0) { this.tip = null; return }
    const h = hits[0]
    const s = this.data!.series[h.series]
    const unit = this.data!.unit
    this.tip = {
      x: Math.min((u.cursor.left ?? 0) + 60, u.width - 200), y: (u.cursor.top ?? 0) + 30,
      text: `${num(s.value[h.i])} ${unit}  ·  ${s.setup}\n${utc(s.t[h.i])}  (MJD ${mjd(s.t[h.i])})\n${s.product[h.i]}\n${s.score[h.i]}: ${s.cause[h.i]}`,
    }
  }

  #click() {
    const u = this.#plot, pd = this.#pd
    if (!u || !pd || u.cursor.idx == null) return
    const h = pd.at(u.cursor.idx)[0]
    if (!h) return
    const s = this.data!.series[h.series]
    const detail: PointSelection = { instrument: this.instrument, param: this.param, setup: s.setup, t: s.t[h.i], value: s.value[h.i], product: s.product[h.i], score: s.score[h.i], cause: s.cause[h.i] }
    this.dispatchEvent(new CustomEvent('point-select', { detail, bubbles: true, composed: true }))
  }

  /** Comments and rule changes as vertical markers (interventions). */
  #markers(u: uPlot, rules: RuleInfo[]) {
    const ctx = u.ctx
    const line = (tMs: number, colour: string) => {
      const x = u.valToPos(tMs / 1000, 'x', true)
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return
      ctx.save(); ctx.strokeStyle = colour; ctx.setLineDash([3, 3]); ctx.beginPath()
      ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke(); ctx.restore()
    }
    for (const c of this.comments) if (!c.param || c.param === this.param) line(c.t, '#8250df')
    for (const r of rules) if (r.from) line(Date.parse(r.from), '#0550ae')
  }

  #reset = () => {
    this.#zoomed = null
    this.dispatchEvent(new CustomEvent('zoom', { detail: null, bubbles: true, composed: true }))
    void this.#fetch()
  }

  #downloadCsv = () => download(`${this.instrument}_${this.param}.csv`, URL.createObjectURL(new Blob([this.csv()], { type: 'text/csv' })))
  #downloadPng = () => { if (this.#plot) download(`${this.instrument}_${this.param}.png`, this.#plot.ctx.canvas.toDataURL('image/png')) }

  /** For tests and the report page: the x range currently shown (Unix ms). */
  get shown(): [number, number] | null {
    const x = this.#plot?.scales.x
    return x && x.min != null && x.max != null ? [x.min * 1000, x.max * 1000] : null
  }

  get pointCount(): number {
    return this.data?.series.reduce((a, s: SeriesColumns) => a + s.t.length, 0) ?? 0
  }
}

function download(name: string, href: string) {
  const a = document.createElement('a')
  a.href = href; a.download = name
  document.body.append(a); a.click(); a.remove()
}

