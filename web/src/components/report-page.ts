import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { repeat } from 'lit/directives/repeat.js'
import { getJson, type Catalogue, type CommentMarker, type Health, type RuleInfo, type Score, type InstrumentEventView, type SeriesDrift } from '../api.ts'
import { link, RouteController, setQuery } from '../router.ts'
import { formatZoom, parseZoom } from '../zoom.ts'
import { groupBy, groupingParts, MANY_SETUPS } from './setup-summary.ts'
import './point-details.ts'
import './range-control.ts'
import './trend-panel.ts'
import './threshold-editor.ts'
import './correlation-view.ts'
import { consume } from '@lit/context'
import { may, sessionContext, type Session } from '../session.ts'
import { rangeBounds, type RangeName } from './range-control.ts'
import type { PointSelection, TrendPanel } from './trend-panel.ts'

const EMPTY = new Map<string, SeriesDrift>()

const RANK: Record<Score | 'none', number> = { none: -1, grey: 0, green: 1, yellow: 2, red: 3 }

/**
 * `/instrument/{name}?report=&param=&range=&from=&to=&zoom=`: stacked trend plots of a report,
 * one panel per parameter with its own score light, the worst first, cursors synchronised;
 * zooming one zooms all. Everything is in the URL (a route controller re-renders on every
 * change, Back included), so a view — zoomed or not — can be mailed and reloaded.
 */
@customElement('qc-report-page')
export class ReportPage extends LitElement {
  static styles = css`
    :host { display: block; }
    nav.reports { display: flex; gap: .4rem; flex-wrap: wrap; margin: .4rem 0 .8rem; }
    nav.reports a { padding: .25rem .6rem; border: 1px solid #8c959f; border-radius: 4px; text-decoration: none; color: #1f2328; }
    nav.reports a[aria-current='page'] { background: #0b3d62; color: #fff; border-color: #0b3d62; }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 1rem; }
    @media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
    .tools { display: flex; justify-content: space-between; gap: .5rem; flex-wrap: wrap; margin-bottom: .5rem; }
    nav.group { display: flex; gap: .35rem; align-items: center; flex-wrap: wrap; margin: 0 0 .5rem; font-size: .9rem; }
    nav.group button { font: inherit; padding: .15rem .5rem; border: 1px solid #8c959f; background: #fff; border-radius: 4px; cursor: pointer; }
    nav.group button[aria-pressed='true'] { background: #0b3d62; color: #fff; border-color: #0b3d62; }
    .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 0 .5rem; }
    .side { display: flex; flex-direction: column; gap: .4rem; align-self: start; }
    button.close { font: inherit; font-size: .8rem; align-self: end; background: none; border: none; color: #0550ae; text-decoration: underline; cursor: pointer; }
    [role='alert'] { background: #ffebe9; border: 1px solid #cf222e; padding: .6rem; border-radius: 4px; color: #82071e; }
  `
  #route = new RouteController(this)
  @state() private catalogue?: Catalogue
  @state() private scores = new Map<string, Score>()
  @state() private boundaryHour = 21
  @state() private error?: string
  @state() private selected?: PointSelection
  @state() private comments: CommentMarker[] = []
  @state() private events: InstrumentEventView[] = []
  @state() private drifts = new Map<string, Map<string, SeriesDrift>>()
  /** The correlation view's x parameter and setup (opened from a panel). */
  @state() private correlating?: { param: string; setup: string }
  /** An auxiliary series drawn under a panel (from the correlation view): under `under`, `param` of the same setup. */
  @state() private aux?: { under: string; param: string; setup: string }
  /** Bumped when an action changed scores: the panels read their series again. */
  @state() private revision = 0
  @consume({ context: sessionContext, subscribe: true }) @state() private session?: Session
  /** The parameter whose limits are being edited (opened from its panel). */
  @state() private editing?: { param: string; unit: string; rules: RuleInfo[] }
  #loaded = ''

  get #name() { return decodeURIComponent(this.#route.path.split('/')[2] ?? '') }

  willUpdate() {
    // A new instrument (a link, Back) loads its catalogue, scores and comments.
    // The route may already point elsewhere (this page is about to be replaced): load nothing then.
    if (!this.#route.path.startsWith('/instrument/')) return
    const name = this.#name
    if (name === this.#loaded) return
    this.#loaded = name
    this.catalogue = undefined; this.error = undefined; this.selected = undefined
    getJson<Catalogue>('/api/v1/catalogue').then((c) => (this.catalogue = c), (e) => (this.error = (e as Error).message))
    this.#loadScores(name)
    this.#loadComments(name)
  }

  /** Comments of the instrument: markers on every panel (a failure only leaves them out). */
  #loadComments(name: string) {
    getJson<{ comments: CommentMarker[] }>(`/api/v1/comments?instrument=${encodeURIComponent(name)}`).then((r) => (this.comments = r.comments), () => {})
    getJson<{ events: InstrumentEventView[] }>(`/api/v1/events?instrument=${encodeURIComponent(name)}`).then((r) => (this.events = r.events), () => {})
  }

  #loadScores(name: string) {
    getJson<Health>(`/api/v1/health/${encodeURIComponent(name)}`).then((h) => {
      const m = new Map<string, Score>()
      for (const r of h.instruments[0]?.reports ?? []) for (const p of r.params) {
        const key = `${r.name}\u0000${p.param}`
        if (RANK[p.score] > RANK[m.get(key) ?? 'none']) m.set(key, p.score)
      }
      this.scores = m
      // Per parameter, its setups' drift verdicts: the panels draw the forecast line.
      const d = new Map<string, Map<string, SeriesDrift>>()
      for (const r of h.instruments[0]?.reports ?? []) for (const p of r.params) if (p.drift) d.set(p.param, (d.get(p.param) ?? new Map()).set(p.setup, p.drift))
      this.drifts = d
      this.boundaryHour = h.dayBoundaryUT
    }, () => {})
  }

  render() {
    if (this.error) return html`<p role="alert">Cannot load the catalogue: ${this.error}</p>`
    if (!this.catalogue) return html`<p aria-busy="true">Loading…</p>`
    const inst = this.catalogue.instruments.find((i) => i.name === this.#name)
    if (!inst) return html`<p role="alert">No instrument ${this.#name}. <a href=${link('/')}>Back to the health monitor</a></p>`
    const q = this.#route.query
    const report = inst.reports.find((r) => r.name === q.get('report')) ?? inst.reports.find((r) => r.params.some((p) => p.count > 0)) ?? inst.reports[0]
    document.title = `${inst.name} ${report.name} — qcloop`
    const only = q.get('param')
    const score = (p: string) => this.scores.get(`${report.name}\u0000${p}`) ?? 'none'
    // The worst first: a red parameter is the first panel, not the fourth.
    const params = report.params.filter((p) => p.count > 0 && (!only || p.name === only)).sort((a, b) => RANK[score(b.name)] - RANK[score(a.name)])
    const range = (q.get('range') as RangeName) ?? '90d'
    const [from, to] = parseZoom(q.get('zoom')) ?? rangeBounds(range, Date.now(), { from: q.get('from') ?? undefined, to: q.get('to') ?? undefined })
    const base = `/instrument/${encodeURIComponent(inst.name)}?report=${encodeURIComponent(report.name)}&range=${range}`
    // Many setups (MUSE: 24 IFUs × 4 quadrants): a summary by default, or small multiples grouped by a part of the setup label.
    const setups = [...new Set(params.flatMap((p) => p.setups.map((x) => x.setup)))]
    const many = setups.length > MANY_SETUPS
    const parts = many ? groupingParts(setups) : []
    const group = q.get('group') ?? (many ? 'summary' : 'all')
    return html`
      <p><a href=${link('/')}>← health monitor</a></p>
      <h2>${inst.name} <small>${inst.description}</small></h2>
      <nav class="reports" aria-label="reports">${inst.reports.map((r) => html`<a href=${link(`/instrument/${encodeURIComponent(inst.name)}?report=${encodeURIComponent(r.name)}&range=${range}`)} aria-current=${r === report ? 'page' : 'false'}>${r.name}</a>`)}</nav>
      <div class="tools">
        <qc-range-control .range=${range} .from=${q.get('from') ?? ''} .to=${q.get('to') ?? ''} @range-change=${this.#range}></qc-range-control>
        ${q.get('zoom') ? html`<a href=${link(`${base}${q.get('param') ? `&param=${encodeURIComponent(q.get('param')!)}` : ''}`)} class="unzoom">zoomed: ${q.get('zoom')!.replace('..', ' – ')} (reset)</a>` : nothing}
        ${only ? html`<a href=${link(base)}>all parameters of ${report.name}</a>` : nothing}
      </div>
      ${many ? html`<nav class="group" aria-label="setups">${setups.length} setups:
        ${[['summary', 'summary'], ['all', 'all on one plot'], ...parts.map((p) => [String(p.index), `by ${p.example} (${p.groups})`])].map(([g, label]) => html`<button aria-pressed=${group === g}
          @click=${() => setQuery({ group: g === 'summary' ? null : g })}>${label}</button>`)}</nav>` : nothing}
      <div class="layout">
        <div @point-select=${(e: CustomEvent<PointSelection>) => (this.selected = e.detail)} @zoom=${this.#zoom}
          @correlate=${(e: CustomEvent<{ param: string; setup: string }>) => (this.correlating = e.detail)}
          @edit-limits=${(e: CustomEvent<{ param: string; unit: string; rules: RuleInfo[] }>) => (this.editing = e.detail)}>
          ${params.length === 0 ? html`<p>No values for ${report.name} yet.</p>` : repeat(params, (p) => p.name, (p) => {
            const panel = (label: string, only: string[] | null, height: number) => html`<qc-trend-panel .instrument=${inst.name} .param=${p.name} .score=${score(p.name)} .label=${label}
              .setups=${only} .summary=${group === 'summary'} .boundaryHour=${this.boundaryHour}
              .from=${from} .to=${to} .revision=${this.revision} .editable=${may(this.session, 'qc')} .height=${height} syncKey=${`${inst.name}/${report.name}`} .comments=${this.comments} .events=${this.events} .drift=${this.drifts.get(p.name) ?? EMPTY} report=${report.name}></qc-trend-panel>`
            const index = Number(group)
            // The partner under its panel, on the same time axis and cursor (the bias level over the detector temperature).
            const aux = this.aux?.under === p.name ? html`<qc-trend-panel class="aux" .instrument=${inst.name} .param=${this.aux.param} .label=${`${this.aux.param} (under ${p.name})`}
              .setups=${this.aux.setup ? [this.aux.setup] : null} .boundaryHour=${this.boundaryHour} .from=${from} .to=${to} .revision=${this.revision} .height=${140}
              syncKey=${`${inst.name}/${report.name}`} .events=${this.events}></qc-trend-panel>` : nothing
            if (!many || !Number.isInteger(index)) return html`${panel('', null, params.length === 1 ? 460 : 220)}${aux}`
            return html`<div class="multiples">${[...groupBy(p.setups.map((x) => x.setup), index)].map(([key, members]) => panel(`${p.name} · ${key}`, members, 130))}</div>`
          })}
        </div>
        <div class="side">
          ${this.editing && may(this.session, 'qc') ? html`<qc-threshold-editor .instrument=${inst.name} .param=${this.editing.param} .unit=${this.editing.unit} .rules=${this.editing.rules}
            @scores-changed=${this.#changed}></qc-threshold-editor><button class="close" @click=${() => (this.editing = undefined)}>Close the limits editor</button>` : nothing}
          ${this.correlating ? html`<qc-correlation-view .instrument=${inst.name} .x=${this.correlating.param} .setup=${this.correlating.setup} .from=${from} .to=${to}
            .params=${inst.reports.flatMap((r) => r.params.filter((x) => x.count > 0).map((x) => x.name))}
            @show-under=${(e: CustomEvent<{ param: string }>) => (this.aux = { under: this.correlating!.param, param: e.detail.param, setup: this.correlating!.setup })}></qc-correlation-view>
            <button class="close" @click=${() => { this.correlating = undefined; this.aux = undefined }}>Close the correlation</button>` : nothing}
          <qc-point-details .selection=${this.selected} @scores-changed=${this.#changed}></qc-point-details>
        </div>
      </div>`
  }

  #changed = () => {
    this.revision++
    this.#loadScores(this.#name)
    this.#loadComments(this.#name)
  }

  #range = (e: CustomEvent<{ range: RangeName; from: string; to: string }>) => {
    const { range, from, to } = e.detail
    setQuery({ range, from: range === 'custom' ? from : null, to: range === 'custom' ? to : null, zoom: null })
  }

  /** A zoom is a history entry: Back returns to the view before it. */
  #zoom = (e: CustomEvent<{ from: number; to: number } | null>) => {
    setQuery({ zoom: e.detail ? formatZoom(e.detail.from, e.detail.to) : null })
  }

  /** Panels, for tests. */
  get panels(): TrendPanel[] {
    return [...this.renderRoot.querySelectorAll('qc-trend-panel')] as TrendPanel[]
  }
}
