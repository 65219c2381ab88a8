import { LitElement, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { getJson, type SeriesResponse } from './api.ts'

const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442']

/** A plain trend plot of one parameter, one line per setup (points only, as QC plots are). */
@customElement('qc-trend-page')
export class TrendPage extends LitElement {
  @state() private error?: string
  @state() private data?: SeriesResponse
  private plot?: uPlot

  createRenderRoot() { return this } // uPlot's stylesheet is global

  connectedCallback() {
    super.connectedCallback()
    getJson<SeriesResponse>(`/api/v1/series${location.search}`).then((d) => (this.data = d), (e) => (this.error = String(e.message ?? e)))
  }

  render() {
    if (this.error) return html`<p role="alert">Cannot load the series: ${this.error}</p>`
    if (!this.data) return html`<p>Loading…</p>`
    return html`<p><a href="/">← catalogue</a></p><h2>${this.data.instrument} · ${this.data.param}</h2>
      ${this.data.reduced ? html`<p>Long series reduced to per-bucket minimum and maximum.</p>` : ''}<div id="plot"></div>`
  }

  updated() {
    const d = this.data
    const el = this.querySelector('#plot') as HTMLElement | null
    if (!d || !el || this.plot) return
    const times = [...new Set(d.series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b)
    const index = new Map(times.map((t, i) => [t, i]))
    const cols = d.series.map((s) => {
      const col: (number | null)[] = new Array(times.length).fill(null)
      for (const p of s.points) col[index.get(p.t)!] = p.value
      return col
    })
    this.plot = new uPlot({
      width: Math.min(1150, el.clientWidth || 1000), height: 400,
      series: [{}, ...d.series.map((s, i) => ({ label: s.setup, stroke: COLOURS[i % COLOURS.length], width: 0, points: { show: true, size: 4, fill: COLOURS[i % COLOURS.length] } }))],
      scales: { x: { time: true } },
    }, [times.map((t) => t / 1000), ...cols] as uPlot.AlignedData, el)
  }
}
