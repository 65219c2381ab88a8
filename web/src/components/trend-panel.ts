import { LitElement, css, html, nothing, unsafeCSS } from 'lit'
import uplotCss from 'uplot/dist/uPlot.min.css?inline'
import { customElement, property, state } from 'lit/decorators.js'
import { Task } from '@lit/task'
import { deepArrayEquals } from '@lit/task/deep-equals.js'
import uPlot from 'uplot'
import { csvCell } from '../../../server/text/csv-cell.ts'
import { affectsPanel } from '../../../server/events/event-scope.ts'
import { authHeaders, getJson, type CommentMarker, type RuleInfo, type Score, type SeriesColumns, type SeriesResponse, type InstrumentEventView, type SeriesDrift } from '../api.ts'
import type { DriftForecast } from '../../../server/drift/drift-verdict.ts'
import { mjd, num, ticks, timeTicks, utc } from '../format.ts'
import { BAND_KEYS, buildPlotData, colourOf, nearestPoint, PER_SETUP, type PlotData } from './plot-data.ts'
import { MANY_SETUPS, summarise } from './setup-summary.ts'
import { isStatic } from '../router.ts'
import { plotPng } from './plot-png.ts'
import './score-light.ts'

export interface PointSelection { instrument: string; param: string; setup: string; t: number; value: number; product: string; score: string; cause: string }

/** How close (CSS px) the pointer must be to a point for hover and click to pick it. */
const PICK_RADIUS = 24

/** Marker colours per event kind. */
const EVENT_COLOUR: Record<InstrumentEventView['kind'], string> = { intervention: '#bf3989', technical: '#656d76', news: '#1a7f37' }

/**
 * One trend plot (uPlot): a parameter over a time range, one series per setup, each setup with
 * its own warning/critical band and reference in its colour (limits step where rules changed),
 * red and yellow values ringed, values marked false hollow, the newest point highlighted,
 * comments and rule changes as vertical markers. Hover and click pick the point nearest the
 * pointer in both axes over every shown setup. The legend hides a setup (click) or shows it
 * alone (double-click). Drag to zoom, double-click to reset: both fire `zoom` (the page keeps
 * the range in the URL and passes it back as from/to). Fires `point-select` on click.
 */
@customElement('qc-trend-panel')
export class TrendPanel extends LitElement {
  static styles = [unsafeCSS(uplotCss), css`
    :host { display: block; border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem; margin-bottom: .6rem; background: #fff; position: relative; }
    header { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; flex-wrap: wrap; }
    h3 { margin: 0; font-size: 1rem; display: flex; gap: .35rem; align-items: center; }
    .muted { color: #57606a; font-size: .85rem; }
    .forecast { margin: .1rem 0; font-size: .85rem; color: #7d4e00; }
    .tip { position: absolute; pointer-events: none; background: #1f2328; color: #fff; padding: .35rem .5rem; border-radius: 4px; font-size: .8rem; z-index: 5; max-width: 22rem; white-space: nowrap; }
    .ring { position: absolute; pointer-events: none; width: 14px; height: 14px; margin: -9px 0 0 -9px; border: 2px solid #1f2328; border-radius: 50%; z-index: 4; }
    button { font: inherit; font-size: .8rem; padding: .1rem .45rem; border: 1px solid #8c959f; background: #f6f8fa; color: #1f2328; border-radius: 4px; cursor: pointer; }
    [role='alert'] { color: #82071e; }
    .plot { min-height: 60px; }
    .legend { display: flex; flex-wrap: wrap; gap: .2rem .5rem; font-size: .8rem; margin: .2rem 0; align-items: center; }
    .legend button { border-color: transparent; background: none; padding: 0 .2rem; }
    .legend button[aria-pressed='false'] { opacity: .4; text-decoration: line-through; }
    .legend i { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; margin-right: .25rem; vertical-align: -1px; }
  `]
  @property() instrument = ''
  @property() param = ''
  @property({ type: Number }) from: number | null = null
  @property({ type: Number }) to: number | null = null
  @property() syncKey = 'trend'
  @property({ attribute: false }) comments: CommentMarker[] = []
  /** The instrument's events (interventions, technical nights, news): labelled markers where they concern this panel. */
  @property({ attribute: false }) events: InstrumentEventView[] = []
  /** The report the panel belongs to (event scopes may name reports). */
  @property() report = ''
  /** Drift verdicts of this parameter's setups (from the health answer): the forecast is drawn as the fitted line to its crossing. */
  @property({ attribute: false }) drift: Map<string, SeriesDrift> = new Map()
  @property({ type: Number }) height = 220
  /** The parameter's current score (worst over its setups), shown as the panel's light. */
  @property() score: Score | 'none' = 'none'
  /** Whether the viewer may edit the limits (a qc or admin sign-in): shows the "Limits…" button. */
  @property({ type: Boolean }) editable = false
  /** Only these setups (null: every setup of the parameter). */
  @property({ attribute: false }) setups: string[] | null = null
  /** Draw more than MANY_SETUPS setups as their nightly median and range plus the farthest setups. */
  @property({ type: Boolean }) summary = false
  /** Observatory day boundary (hours UT), for the summary's nights. */
  @property({ type: Number }) boundaryHour = 21
  /** A title of its own (small multiples: "ron · IFU 07"); default the parameter. */
  @property() label = ''
  /** Bumped by the page after an action: the series is read again. */
  @property({ type: Number }) revision = 0
  @state() private tip: { x: number; y: number; text: string; left: boolean; above: boolean } | null = null
  @state() private ring: { x: number; y: number } | null = null
  @state() private hiddenSetups = new Set<string>()
  #plot?: uPlot
  #pd?: PlotData
  /** The series as drawn: the setups, or their summary. */
  #drawnSeries: SeriesColumns[] = []
  #hit: { series: number; i: number } | null = null

  /** The series request: aborted when its arguments change, so a stale answer never lands. */
  readonly series = new Task(this, {
    task: async ([instrument, param, from, to, , setups], { signal }) => {
      // About one bucket min/max pair per pixel of the plot: more points than pixels only cost time.
      const width = this.getBoundingClientRect().width || 900
      const q = new URLSearchParams({ instrument, param, maxPoints: String(Math.max(300, Math.min(2000, Math.round(width)))) })
      for (const s of setups ?? []) q.append('setup', s)
      if (from !== null) q.set('from', new Date(from).toISOString())
      if (to !== null) q.set('to', new Date(to).toISOString())
      return getJson<SeriesResponse>(`/api/v1/series?${q}`, signal)
    },
    args: () => [this.instrument, this.param, this.from, this.to, this.revision, this.setups] as const,
    // The setups list is rebuilt on every render of the page: compare it by value, not identity.
    argsEqual: deepArrayEquals,
  })

  get data(): SeriesResponse | undefined { return this.series.value }
  get loading(): boolean { return this.series.status === 0 || this.series.status === 1 }

  disconnectedCallback() {
    super.disconnectedCallback()
    this.#plot?.destroy()
    this.#plot = undefined
    this.#drawn = undefined
  }

  /** The points as drawn, as CSV (the in-memory fallback; downloads ask the API for full resolution). */
  csv(): string {
    const rows = ['instrument,param,setup,unit,time_utc,mjd,value,product,score,cause']
    for (const s of this.data?.series ?? []) s.t.forEach((t, i) => rows.push([this.instrument, this.param, s.setup, this.data!.unit, new Date(t).toISOString(), mjd(t), s.value[i], s.product[i], s.score[i], s.cause[i]].map(csvCell).join(',')))
    return (this.data?.reduced ? '# reduced to each time bucket\'s min and max: zoom in, or download from /api/v1/values, for every value\n' : '') + rows.join('\n') + '\n'
  }

  render() {
    const d = this.data
    const n = d?.series.reduce((a, s) => a + s.t.length, 0) ?? 0
    return html`<header>
        <h3><qc-score-light size="small" .score=${this.score} label="${this.param}"></qc-score-light>${this.label || this.param} <span class="muted">${d?.unit ? `[${d.unit}]` : ''}</span></h3>
        <span class="muted count">${this.loading ? 'loading…' : `${n} points${d?.reduced ? ' (reduced to bucket min/max; zoom for all)' : ''}`}</span>
        <span>${this.editable && d ? html`<button @click=${() => this.dispatchEvent(new CustomEvent('edit-limits', { detail: { param: this.param, unit: d.unit, rules: d.rules }, bubbles: true, composed: true }))}>Limits…</button> ` : nothing}${d && !isStatic() ? html`<button @click=${this.#correlate} aria-label="correlate ${this.param} with another parameter">Correlate…</button> ` : nothing}<button @click=${this.#downloadCsv} aria-label="download ${this.param} as CSV">CSV</button>
          <button @click=${this.#downloadPng} aria-label="download ${this.param} plot as PNG">PNG</button></span>
      </header>
      ${this.#forecasts().map(([setup, f]) => html`<p class="forecast" data-setup=${setup}>${f.finding.cause === 'drift' ? '↗ forecast' : '↕ shift'} (${setup}): ${f.text}</p>`)}
      ${d && this.#summarised(d) ? html`<p class="muted" data-summary>${d.series.length} setups as their nightly median, lowest and highest, and the 3 farthest from the median; group them or show all above.</p>` : nothing}
      ${d ? html`<div class="legend" role="group" aria-label="setups (click hides, double-click shows it alone)">${this.#toDraw(d).map((x, i) => html`<button aria-pressed=${!this.hiddenSetups.has(x.setup)}
          @click=${() => this.#toggle(x.setup)} @dblclick=${() => this.#isolate(x.setup)}><i style="background:${colourOf(i)}"></i>${x.setup}</button>`)}
        <span class="muted">each setup's warning ┄ and critical ┈ limits in its colour; ○ red/yellow values; hollow: marked false; ◎ newest</span></div>` : nothing}
      ${this.series.status === 3 ? html`<p role="alert">Cannot load ${this.param}: ${(this.series.error as Error)?.message}</p>` : nothing}
      ${d && n === 0 && !this.loading ? html`<p>No values in this range.</p>` : nothing}
      <div class="plot" @dblclick=${this.#reset}></div>
      ${this.ring ? html`<div class="ring" style="left:${this.ring.x}px;top:${this.ring.y}px"></div>` : nothing}
      ${this.tip ? html`<div class="tip" style="${this.tip.left ? 'right' : 'left'}:${this.tip.x}px;${this.tip.above ? 'bottom' : 'top'}:${this.tip.y}px">${this.tip.text.split('\n').map((l) => html`<div>${l}</div>`)}</div>` : nothing}`
  }

  #drawn?: SeriesResponse
  #drawnAsSummary = false

  updated(changed: Map<string, unknown>) {
    // A forecast that arrives after the plot (the health answer) redraws it: its line and the x range to its crossing.
    if (changed.has('drift')) this.#drawn = undefined
    const el = this.renderRoot.querySelector('.plot') as HTMLElement
    // Redraw only for new data: hover and tooltip updates must not rebuild the plot.
    if (!this.data || !el || (this.#drawn === this.data && this.#drawnAsSummary === this.summary)) return
    this.#drawn = this.data
    this.#drawnAsSummary = this.summary
    this.#draw(el, this.data)
  }

  #summarised(d: SeriesResponse) { return this.summary && d.series.length > MANY_SETUPS }
  #summaryOf?: { d: SeriesResponse; out: SeriesColumns[] }
  #toDraw(d: SeriesResponse): SeriesColumns[] {
    if (!this.#summarised(d)) return d.series
    if (this.#summaryOf?.d !== d) this.#summaryOf = { d, out: summarise(d.series, this.boundaryHour * 3_600_000) }
    return this.#summaryOf.out
  }

  #draw(el: HTMLElement, d: SeriesResponse) {
    this.#plot?.destroy()
    this.tip = null; this.ring = null; this.#hit = null
    const drawn = (this.#drawnSeries = this.#toDraw(d))
    const pd = (this.#pd = buildPlotData(drawn))
    const width = Math.max(300, el.clientWidth || 900)
    const show = (setup: string) => !this.hiddenSetups.has(setup)
    const band = (label: string, stroke: string, dash: number[], shown: boolean, w = 1.2): uPlot.Series => ({ label, stroke, width: w, dash, show: shown, points: { show: false }, paths: uPlot.paths.stepped!({ align: 1 }), spanGaps: true })
    const overlay = (label: string, stroke: string, size: number, fill = 'transparent'): uPlot.Series => ({ label, stroke, width: 0, points: { show: true, size, fill, stroke, width: 2 } })
    const opts: uPlot.Options = {
      width, height: this.height,
      cursor: { sync: { key: this.syncKey }, drag: { x: true, y: false }, points: { show: false }, y: false },
      // The x axis spans the asked range where it is closed (a zoom, a custom range), so a reloaded
      // zoom shows exactly what was zoomed; an open end follows the data.
      // An open end also reaches a forecast crossing, so the line to it is in view.
      scales: { x: { time: true, range: (_u, min, max) => [this.from !== null ? this.from / 1000 : min, this.to !== null ? this.to / 1000 : Math.max(max, this.#crossingEnd() / 1000)] } },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      axes: [
        // YYYY-MM-DD labels are ~70 px wide: ticks at least 90 px apart so they never run together.
        { space: 90, values: (u, splits) => timeTicks(splits, (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0)) },
        { label: d.unit || undefined, size: 70, values: (_u, splits, _a, _s, incr) => ticks(splits, incr) },
      ],
      series: [
        { label: 'time (UT)', value: (_u, v) => (v == null ? '' : utc(v * 1000)) },
        ...drawn.flatMap((s, i): uPlot.Series[] => {
          const c = colourOf(i), on = show(s.setup)
          return [
            { label: s.setup, stroke: c, width: 0, show: on, points: { show: true, size: 5, fill: c } },
            band(`${s.setup} warning low`, c, [6, 4], on), band(`${s.setup} warning high`, c, [6, 4], on),
            band(`${s.setup} critical low`, c, [2, 3], on, 1.8), band(`${s.setup} critical high`, c, [2, 3], on, 1.8),
            { label: `${s.setup} reference`, stroke: `${c}88`, width: 1, show: on, points: { show: false }, spanGaps: true },
          ]
        }),
        overlay('critical values', '#cf222e', 10), overlay('warnings', '#bf8700', 9), overlay('marked false', '#57606a', 7, '#ffffff'), overlay('newest', '#0b3d62', 12),
      ],
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 5) return
          const from = u.posToVal(u.select.left, 'x') * 1000, to = u.posToVal(u.select.left + u.select.width, 'x') * 1000
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
          this.dispatchEvent(new CustomEvent('zoom', { detail: { from: Math.round(from), to: Math.round(to) }, bubbles: true, composed: true }))
        }],
        setCursor: [(u) => this.#hover(u)],
        draw: [(u) => this.#markers(u, d.rules)],
      },
      legend: { show: false },
    }
    this.#plot = new uPlot(opts, pd.data, el)
    this.#plot.over.addEventListener('click', () => this.#click())
    this.#plot.over.addEventListener('mouseleave', () => { this.tip = null; this.ring = null; this.#hit = null })
  }

  /** The point nearest the pointer over every shown setup, within PICK_RADIUS px; null when none is that close. */
  #nearest(u: uPlot, left: number, top: number) {
    const series = this.#drawnSeries
    return nearestPoint(series, series.map((s) => !this.hiddenSetups.has(s.setup)), left, top,
      (t, v) => [u.valToPos(t / 1000, 'x'), u.valToPos(v, 'y')], PICK_RADIUS, (px) => u.posToVal(px, 'x') * 1000)
  }

  #hover(u: uPlot) {
    const { left, top } = u.cursor
    if (!this.data || left == null || top == null || left < 0) { this.tip = null; this.ring = null; this.#hit = null; return }
    const h = (this.#hit = this.#nearest(u, left, top))
    if (!h) { this.ring = null; this.tip = this.#markerTip(u, left, top); return }
    const s = this.#drawnSeries[h.series]
    const at = this.#inPanel(u, u.valToPos(s.t[h.i] / 1000, 'x'), u.valToPos(s.value[h.i], 'y'))
    this.ring = { x: at.x, y: at.y }
    this.tip = this.#tipBeside(at, 14, true,
      `${num(s.value[h.i])} ${this.data.unit}  ·  ${s.setup}\n${utc(s.t[h.i])}  (MJD ${mjd(s.t[h.i])})\n${s.product[h.i]}\n${s.score[h.i]}: ${s.cause[h.i]}${s.cause[h.i] === 'excluded' ? ' (marked false)' : ''}`)
  }

  /** A position in the plotting area (CSS px) as a position in this panel, which the plotting area sits inside. */
  #inPanel(u: uPlot, left: number, top: number) {
    const host = this.getBoundingClientRect(), over = u.over.getBoundingClientRect()
    return { x: over.left - host.left + left, y: over.top - host.top + top, width: host.width, height: host.height }
  }

  /** A tooltip on the side away from `at` (so it never covers the newest points at the right), `gap` px off; below it unless `flip` and `at` is in the lower half. */
  #tipBeside(at: { x: number; y: number; width: number; height: number }, gap: number, flip: boolean, text: string): TrendPanel['tip'] {
    const left = at.x > at.width / 2, above = flip && at.y > at.height / 2
    return { left, above, x: left ? at.width - at.x + gap : at.x + gap, y: above ? at.height - at.y + 10 : at.y + 10, text }
  }

  /** Over a rule-change marker: who changed the limits, when and why. */
  #markerTip(u: uPlot, left: number, top: number): TrendPanel['tip'] {
    const ev = this.#panelEvents().find((e) => Math.abs(u.valToPos(Date.parse(e.at) / 1000, 'x') - left) <= 4)
    if (ev) {
      return this.#tipBeside(this.#inPanel(u, left, top), 10, false,
        `${ev.kind}: ${ev.title}\n${utc(ev.at)}${ev.until ? ` – ${utc(ev.until)}` : ''}${ev.by ? `\nby ${ev.by}` : ''}${ev.resetsBaseline ? '\nbaseline restarts here' : ''}`)
    }
    const r = this.data!.rules.find((x) => x.from && Math.abs(u.valToPos(Date.parse(x.from) / 1000, 'x') - left) <= 4)
    if (!r) return null
    return this.#tipBeside(this.#inPanel(u, left, top), 10, false,
      `limits changed: ${r.setup} (${r.type}) v${r.version} from ${r.from!.slice(0, 10)}\n${r.by ? `by ${r.by}` : 'catalogue'}${r.why ? `: ${r.why}` : ''}\nwarning ${JSON.stringify(r.warning)} · critical ${JSON.stringify(r.critical)}`)
  }

  #click() {
    const h = this.#hit
    if (!h || !this.data) return
    const s = this.#drawnSeries[h.series]
    // The summary's median and range are no product: nothing to select.
    if (!s.product[h.i]) return
    const detail: PointSelection = { instrument: this.instrument, param: this.param, setup: s.setup, t: s.t[h.i], value: s.value[h.i], product: s.product[h.i], score: s.score[h.i], cause: s.cause[h.i] }
    this.dispatchEvent(new CustomEvent('point-select', { detail, bubbles: true, composed: true }))
  }

  #toggle(setup: string) {
    const next = new Set(this.hiddenSetups)
    if (next.has(setup)) next.delete(setup)
    else next.add(setup)
    this.#apply(next)
  }

  #isolate(setup: string) {
    const all = this.#drawnSeries.map((s) => s.setup)
    const alone = all.every((s) => s === setup || this.hiddenSetups.has(s)) && !this.hiddenSetups.has(setup)
    this.#apply(new Set(alone ? [] : all.filter((s) => s !== setup)))
  }

  #apply(hidden: Set<string>) {
    this.hiddenSetups = hidden
    const u = this.#plot, pd = this.#pd
    if (!u || !pd || !this.data) return
    u.batch(() => this.#drawnSeries.forEach((s, i) => {
      for (let k = 0; k < PER_SETUP; k++) u.setSeries(pd.seriesOf(i) + k, { show: !hidden.has(s.setup) })
    }))
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
    // Forecasts: the fitted line, dashed, to the limit it reaches, with a ring where it does.
    for (const l of this.forecastLines()) {
      if (this.hiddenSetups.has(l.setup)) continue
      const i = this.#drawnSeries.findIndex((s) => s.setup === l.setup)
      const [x0, y0] = [u.valToPos(l.from[0] / 1000, 'x', true), u.valToPos(l.from[1], 'y', true)], [x1, y1] = [u.valToPos(l.to[0] / 1000, 'x', true), u.valToPos(l.to[1], 'y', true)]
      ctx.save(); ctx.strokeStyle = colourOf(i); ctx.lineWidth = 2 * devicePixelRatio; ctx.setLineDash([8, 4]); ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke()
      ctx.setLineDash([]); ctx.beginPath(); ctx.arc(x1, y1, 5 * devicePixelRatio, 0, 2 * Math.PI); ctx.stroke(); ctx.restore()
    }
    for (const r of rules) if (r.from) line(Date.parse(r.from), '#0550ae')
    for (const e of this.#panelEvents()) {
      const t0 = Date.parse(e.at), colour = EVENT_COLOUR[e.kind]
      if (e.until) {
        // A technical window as a light band over its duration.
        const x0 = Math.max(u.bbox.left, u.valToPos(t0 / 1000, 'x', true)), x1 = Math.min(u.bbox.left + u.bbox.width, u.valToPos(Date.parse(e.until) / 1000, 'x', true))
        if (x1 > x0) { ctx.save(); ctx.fillStyle = 'rgba(101, 109, 118, 0.12)'; ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height); ctx.restore() }
      }
      line(t0, colour)
      const x = u.valToPos(t0 / 1000, 'x', true)
      if (x >= u.bbox.left && x <= u.bbox.left + u.bbox.width) {
        ctx.save(); ctx.fillStyle = colour; ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`
        ctx.fillText(e.title.length > 28 ? `${e.title.slice(0, 27)}…` : e.title, x + 3 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio); ctx.restore()
      }
    }
  }

  /** The drawn setups' drift verdicts, in drawing order. */
  #forecasts(): [string, SeriesDrift][] {
    const setups = (this.data?.series ?? []).map((s) => s.setup).filter((s) => !this.setups || this.setups.includes(s))
    return setups.map((s) => [s, this.drift.get(s)] as [string, SeriesDrift | undefined]).filter((x): x is [string, SeriesDrift] => x[1] !== undefined)
  }

  /** The latest forecast crossing of a shown setup, ms (0: none). */
  #crossingEnd(): number {
    return Math.max(0, ...this.#forecasts().filter(([s, f]) => f.finding.cause === 'drift' && !this.hiddenSetups.has(s)).map(([, f]) => (f.finding as DriftForecast).atMs))
  }

  /** The fitted trend of each drifting setup, from the window's start to where it reaches its limit (data coordinates). */
  forecastLines(): { setup: string; from: [number, number]; to: [number, number] }[] {
    return this.#forecasts().flatMap(([setup, f]) => {
      if (f.finding.cause !== 'drift') return []
      const g = f.finding, start = Math.min(...(this.#drawnSeries.find((s) => s.setup === setup)?.t ?? [g.t0Ms]).filter((t) => t >= g.t0Ms - 90 * 86_400_000))
      const at = (t: number) => g.y0 + (g.slopePerDay * (t - g.t0Ms)) / 86_400_000
      return [{ setup, from: [start, at(start)], to: [g.atMs, g.limitValue] }]
    })
  }

  /** The events that concern this panel: its instrument, report, parameter and drawn setups. */
  #panelEvents(): InstrumentEventView[] {
    const setups = this.#drawnSeries.map((s) => s.setup)
    return this.events.filter((e) => affectsPanel(e, { instrument: this.instrument, report: this.report || undefined, param: this.param, setups }))
  }

  /** Asks the page for a correlation view of this parameter, on its first shown setup (pairs of one setup, not a mix). */
  #correlate = () => {
    const setup = this.#drawnSeries.map((s) => s.setup).find((s) => !this.hiddenSetups.has(s)) ?? ''
    this.dispatchEvent(new CustomEvent('correlate', { detail: { param: this.param, setup }, bubbles: true, composed: true }))
  }

  #reset = () => this.dispatchEvent(new CustomEvent('zoom', { detail: null, bubbles: true, composed: true }))

  #downloadCsv = async () => {
    const shown = this.shown
    const q = new URLSearchParams({ instrument: this.instrument, param: this.param, format: 'csv' })
    if (shown) { q.set('from', new Date(shown[0]).toISOString()); q.set('to', new Date(shown[1]).toISOString()) }
    // Full resolution of the visible range from the API; the static export has only what it drew.
    const text = isStatic() ? this.csv() : await getText(`/api/v1/values?${q}`).catch(() => this.csv())
    download(`${this.instrument}_${this.param}.csv`, URL.createObjectURL(new Blob([text], { type: 'text/csv' })))
  }

  #downloadPng = () => {
    if (!this.#plot || !this.data) return
    const shown = this.shown
    download(`${this.instrument}_${this.param}.png`, plotPng(this.#plot.ctx.canvas, {
      title: `${this.instrument} · ${this.param}${this.data.unit ? ` [${this.data.unit}]` : ''}`,
      range: shown ? `${utc(shown[0])} – ${utc(shown[1])}` : '',
      setups: this.#drawnSeries.map((s, i) => ({ label: s.setup, colour: colourOf(i), hidden: this.hiddenSetups.has(s.setup) })),
      generated: `generated ${utc(Date.now())} by qcloop`,
    }))
  }

  /** For tests and the report page: the x range currently shown (Unix ms). */
  get shown(): [number, number] | null {
    const x = this.#plot?.scales.x
    return x && x.min != null && x.max != null ? [x.min * 1000, x.max * 1000] : null
  }

  get pointCount(): number {
    return this.data?.series.reduce((a, s) => a + s.t.length, 0) ?? 0
  }

  /** For tests: where each forecast line ends (its crossing): in viewport CSS pixels, and in the canvas's own pixels with the colour drawn there. */
  forecastPixels(): { setup: string; x: number; y: number; rgba: number[] }[] {
    const u = this.#plot
    if (!u) return []
    const over = u.over.getBoundingClientRect()
    return this.forecastLines().map((l) => {
      const cx = Math.round(u.valToPos(l.to[0] / 1000, 'x', true)), cy = Math.round(u.valToPos(l.to[1], 'y', true))
      // The ring around the crossing: 5 px (× device pixels) to its right is on it.
      const rgba = [...u.ctx.getImageData(cx + Math.round(5 * devicePixelRatio), cy, 1, 1).data]
      return { setup: l.setup, x: over.left + u.valToPos(l.to[0] / 1000, 'x'), y: over.top + u.valToPos(l.to[1], 'y'), rgba }
    })
  }

  /** For tests: every drawn point of every setup, in viewport CSS pixels. */
  pointPixels(): { setup: string; i: number; x: number; y: number; value: number; product: string }[] {
    const u = this.#plot
    if (!u || !this.data) return []
    const over = u.over.getBoundingClientRect()
    return this.#drawnSeries.flatMap((s) => s.t.map((t, i) => ({ setup: s.setup, i, x: over.left + u.valToPos(t / 1000, 'x'), y: over.top + u.valToPos(s.value[i], 'y'), value: s.value[i], product: s.product[i] })))
  }

  /** For tests: each setup's band lines as drawn (uPlot series shown and their limit values). */
  bands(): { setup: string; shown: boolean; warnLo: (number | null)[]; critHi: (number | null)[] }[] {
    const u = this.#plot, pd = this.#pd
    if (!u || !pd || !this.data) return []
    return this.#drawnSeries.map((s, i) => ({ setup: s.setup, shown: u.series[pd.seriesOf(i) + 1].show !== false,
      warnLo: u.data[pd.seriesOf(i) + 1 + BAND_KEYS.indexOf('warnLo')] as (number | null)[], critHi: u.data[pd.seriesOf(i) + 1 + BAND_KEYS.indexOf('critHi')] as (number | null)[] }))
  }
}

async function getText(path: string): Promise<string> {
  const res = await fetch(path, { headers: authHeaders() })
  if (!res.ok) throw new Error(`${res.status}`)
  return res.text()
}

function download(name: string, href: string) {
  const a = document.createElement('a')
  a.href = href; a.download = name
  document.body.append(a); a.click(); a.remove()
}
