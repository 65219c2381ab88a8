import { LitElement, css, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { getJson, type Catalogue } from '../api.ts'
import { link } from '../router.ts'

/** Where a parameter's unit and description came from, in words. */
const SOURCE: Record<string, string> = { catalogue: 'catalogue', dictionary: 'ESO QC dictionary', comment: 'FITS card comment', none: '—' }

/** `/catalogue`: instruments, reports and parameters with units (and where they came from), classes and value counts. */
@customElement('qc-catalogue-list')
export class CatalogueList extends LitElement {
  static styles = css`
    :host { display: block; }
    .scroll { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; width: 100%; font-size: .9rem; margin-bottom: 1rem; }
    td, th { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #d0d7de; }
    .muted { color: #57606a; }
  `
  @state() private data?: Catalogue
  @state() private error?: string

  connectedCallback() {
    super.connectedCallback()
    document.title = 'Catalogue — qcloop'
    getJson<Catalogue>('/api/v1/catalogue').then((d) => (this.data = d), (e) => (this.error = (e as Error).message))
  }

  render() {
    if (this.error) return html`<p role="alert">Cannot load the catalogue: ${this.error}</p>`
    if (!this.data) return html`<p aria-busy="true">Loading the catalogue…</p>`
    return this.data.instruments.map((i) => html`<h2>${i.name} <small class="muted">${i.description}</small></h2>
      ${i.reports.map((r) => html`<h3>${r.name} <small class="muted">${r.description}</small></h3>
        <div class="scroll"><table><thead><tr><th>Parameter</th><th>Unit</th><th>Description</th><th>From</th><th>Class</th><th>Setups</th><th>Values</th></tr></thead><tbody>
        ${r.params.map((p) => html`<tr><td><a href=${link(`/instrument/${encodeURIComponent(i.name)}?report=${encodeURIComponent(r.name)}&param=${encodeURIComponent(p.name)}`)}>${p.name}</a></td>
          <td>${p.unit}</td><td>${p.description}</td><td class="muted" data-source>${SOURCE[p.source ?? 'none']}</td><td>${p.class ?? 'uncatalogued'}</td><td>${p.setups.length}</td><td>${p.count}</td></tr>`)}</tbody></table></div>`)}`)
  }
}
