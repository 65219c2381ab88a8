import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { keyed } from 'lit/directives/keyed.js'
import { getJson, type Catalogue, type CommentMarker } from '../api.ts'
import { link, route, setQuery } from '../router.ts'
import './point-details.ts'
import './range-control.ts'
import './trend-panel.ts'
import { rangeBounds, type RangeName } from './range-control.ts'
import type { PointSelection, TrendPanel } from './trend-panel.ts'

/**
 * `/instrument/{name}?report=&param=&range=&from=&to=`: stacked trend plots of
 * a report, one panel per parameter, cursors synchronised; zooming one zooms
 * all. Every state is in the URL, so the view can be mailed.
 */
@customElement('qc-report-page')
export class ReportPage extends LitElement {
  static styles = css`
    :host { display: block; }
    nav.reports { display: flex; gap: .4rem; flex-wrap: wrap; margin: .4rem 0 .8rem; }
    nav.reports a { padding: .25rem .6rem; border: 1px solid #8c959f; border-radius: 4px; text-decoration: none; color: #1f2328; }
    nav.reports a[aria-current='page'] { background: #0b3d62; color: #fff; border-color: #0b3d62; }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 1rem; }
    @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
    .tools { display: flex; justify-content: space-between; gap: .5rem; flex-wrap: wrap; margin-bottom: .5rem; }
    [role='alert'] { background: #ffebe9; border: 1px solid #cf222e; padding: .6rem; border-radius: 4px; color: #82071e; }
  `
  @state() private catalogue?: Catalogue
  @state() private error?: string
  @state() private selected?: PointSelection
  @state() private comments: CommentMarker[] = []
  @state() private zoom: [number, number] | null = null
  /** Bumped when an action changed scores: the panels are rebuilt and refetch. */
  @state() private revision = 0

  get #name() { return decodeURIComponent(route().path.split('/')[2] ?? '') }
  get #q() { return route().query }

  connectedCallback() {
    super.connectedCallback()
    getJson<Catalogue>('/api/v1/catalogue').then((c) => (this.catalogue = c), (e) => (this.error = (e as Error).message))
    getJson<{ comments: CommentMarker[] }>(`/api/v1/comments?instrument=${encodeURIComponent(this.#name)}`).then((r) => (this.comments = r.comments), () => {})
  }

  render() {
    if (this.error) return html`<p role="alert">Cannot load the catalogue: ${this.error}</p>`
    if (!this.catalogue) return html`<p aria-busy="true">Loading…</p>`
    const inst = this.catalogue.instruments.find((i) => i.name === this.#name)
    if (!inst) return html`<p role="alert">No instrument ${this.#name}. <a href=${link('/')}>Back to the health monitor</a></p>`
    const q = this.#q
    const report = inst.reports.find((r) => r.name === q.get('report')) ?? inst.reports.find((r) => r.params.some((p) => p.count > 0)) ?? inst.reports[0]
    const only = q.get('param')
    const params = report.params.filter((p) => p.count > 0 && (!only || p.name === only))
    const range = (q.get('range') as RangeName) ?? '90d'
    const [from, to] = this.zoom ?? rangeBounds(range, Date.now(), { from: q.get('from') ?? undefined, to: q.get('to') ?? undefined })
    return html`
      <p><a href=${link('/')}>← health monitor</a></p>
      <h2>${inst.name} <small>${inst.description}</small></h2>
      <nav class="reports" aria-label="reports">${inst.reports.map((r) => html`<a href=${link(`/instrument/${encodeURIComponent(inst.name)}?report=${encodeURIComponent(r.name)}&range=${range}`)} aria-current=${r === report ? 'page' : 'false'}>${r.name}</a>`)}</nav>
      <div class="tools">
        <qc-range-control .range=${range} .from=${q.get('from') ?? ''} .to=${q.get('to') ?? ''} @range-change=${this.#range}></qc-range-control>
        ${only ? html`<a href=${link(`/instrument/${encodeURIComponent(inst.name)}?report=${encodeURIComponent(report.name)}&range=${range}`)}>all parameters of ${report.name}</a>` : nothing}
      </div>
      <div class="layout">
        <div @point-select=${(e: CustomEvent<PointSelection>) => (this.selected = e.detail)} @zoom=${this.#zoomAll}>
          ${params.length === 0 ? html`<p>No values for ${report.name} yet.</p>` : keyed(this.revision, params.map((p) => html`<qc-trend-panel .instrument=${inst.name} .param=${p.name}
            .from=${from} .to=${to} syncKey=${`${inst.name}/${report.name}`} .comments=${this.comments}></qc-trend-panel>`))}
        </div>
        <qc-point-details .selection=${this.selected} @scores-changed=${() => this.revision++}></qc-point-details>
      </div>`
  }

  #range = (e: CustomEvent<{ range: RangeName; from: string; to: string }>) => {
    const { range, from, to } = e.detail
    this.zoom = null
    setQuery({ range, from: range === 'custom' ? from : null, to: range === 'custom' ? to : null })
    this.requestUpdate()
  }

  #zoomAll = (e: CustomEvent<{ from: number; to: number } | null>) => {
    this.zoom = e.detail ? [e.detail.from, e.detail.to] : null
  }

  /** Panels, for tests. */
  get panels(): TrendPanel[] {
    return [...this.renderRoot.querySelectorAll('qc-trend-panel')] as TrendPanel[]
  }
}
