import './catalogue-list.ts'
import './trend-page.ts'
import { LitElement, html } from 'lit'
import { customElement } from 'lit/decorators.js'

/** Top-level router: `/trend?...` shows a trend page, anything else the catalogue. */
@customElement('qc-app')
export class QcApp extends LitElement {
  render() {
    return location.pathname.startsWith('/trend') ? html`<qc-trend-page></qc-trend-page>` : html`<qc-catalogue-list></qc-catalogue-list>`
  }
}
