import { LitElement, html } from 'lit'
import { customElement } from 'lit/decorators.js'
import 'uplot/dist/uPlot.min.css'
import './components/calchecker-page.ts'
import './components/catalogue-list.ts'
import './components/health-monitor.ts'
import './components/report-page.ts'
import { interceptLinks, link, route } from './router.ts'

/** Routes by path: `/` health monitor, `/instrument/{name}` report and trends, `/calchecker`, `/catalogue`. */
@customElement('qc-app')
export class QcApp extends LitElement {
  createRenderRoot() { return this }

  connectedCallback() {
    super.connectedCallback()
    interceptLinks(document)
    window.addEventListener('popstate', () => this.requestUpdate())
    window.addEventListener('hashchange', () => this.requestUpdate())
  }

  render() {
    const path = route().path
    if (path.startsWith('/instrument/')) return html`<qc-report-page></qc-report-page>`
    if (path.startsWith('/calchecker')) return html`<qc-calchecker-page></qc-calchecker-page>`
    if (path.startsWith('/catalogue')) return html`<qc-catalogue-list></qc-catalogue-list>`
    if (path === '/' || path === '/index.html') return html`<qc-health-monitor></qc-health-monitor>`
    return html`<p>Nothing at ${path}. <a href=${link('/')}>Health monitor</a></p>`
  }
}
