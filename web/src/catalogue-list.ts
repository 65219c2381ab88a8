import { LitElement, css, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { getJson, type Catalogue } from './api.ts'

/** Lists instruments, reports and parameters with links to their trend plots. */
@customElement('qc-catalogue-list')
export class CatalogueList extends LitElement {
  static styles = css`
    section { margin-bottom: 1.5rem; }
    h2 { margin: .2rem 0; }
    table { border-collapse: collapse; width: 100%; font-size: .92rem; }
    td, th { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #dde; }
    .muted { color: #555; }
  `
  @state() private data?: Catalogue
  @state() private error?: string

  connectedCallback() {
    super.connectedCallback()
    getJson<Catalogue>('/api/v1/catalogue').then((d) => (this.data = d), (e) => (this.error = String(e.message ?? e)))
  }

  render() {
    if (this.error) return html`<p role="alert">Cannot reach the qcloop server: ${this.error}</p>`
    if (!this.data) return html`<p>Loading catalogue…</p>`
    if (this.data.instruments.length === 0) return html`<p>No instruments yet.</p>`
    return this.data.instruments.map((i) => html`<section>
      <h2>${i.name}</h2><div class="muted">${i.description}</div>
      ${i.reports.map((r) => html`<h3>${r.name} <span class="muted">${r.description}</span></h3>
        <table><thead><tr><th>Parameter</th><th>Unit</th><th>Class</th><th>Setups</th><th>Values</th></tr></thead><tbody>
        ${r.params.map((p) => html`<tr>
          <td><a href="/trend?instrument=${encodeURIComponent(i.name)}&param=${encodeURIComponent(p.name)}">${p.name}</a></td>
          <td>${p.unit}</td><td>${p.class ?? 'uncatalogued'}</td><td>${p.setups.length}</td><td>${p.count}</td></tr>`)}
        </tbody></table>`)}
    </section>`)
  }
}
