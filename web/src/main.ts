import { LitElement, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { keyed } from 'lit/directives/keyed.js'
import { provide } from '@lit/context'
import 'uplot/dist/uPlot.min.css'
import './components/calchecker-page.ts'
import './components/catalogue-list.ts'
import './components/health-monitor.ts'
import './components/report-page.ts'
import './components/sign-in.ts'
import { getJson, setApiToken } from './api.ts'
import { interceptLinks, isStatic, link, RouteController } from './router.ts'
import { keepToken, sessionContext, storedToken, type Session, type WhoAmI } from './session.ts'

/** Routes by path: `/` health monitor, `/instrument/{name}` report and trends, `/calchecker`, `/catalogue`. Provides the sign-in session. */
@customElement('qc-app')
export class QcApp extends LitElement {
  createRenderRoot() { return this }

  @provide({ context: sessionContext }) @state() session: Session = { token: null, who: null }
  @state() private signInError = ''
  #route = new RouteController(this)

  connectedCallback() {
    super.connectedCallback()
    interceptLinks(document)
    this.addEventListener('sign-in', (e) => void this.#signIn((e as CustomEvent<string>).detail))
    this.addEventListener('sign-out', () => void this.#signIn(null))
    if (!isStatic()) void this.#signIn(storedToken(), true)
  }

  /** Asks the server who a token is (null: anonymous); a refused token signs out with the reason. */
  async #signIn(token: string | null, quiet = false) {
    setApiToken(token)
    try {
      const who = await getJson<WhoAmI>('/api/v1/whoami')
      keepToken(token)
      this.session = { token, who }
      this.signInError = ''
    } catch (e) {
      setApiToken(null)
      keepToken(null)
      this.session = { token: null, who: await getJson<WhoAmI>('/api/v1/whoami').catch(() => null) }
      if (!quiet) this.signInError = `Not signed in: ${(e as Error).message}`
    }
  }

  render() {
    const bar = isStatic() ? '' : html`<qc-sign-in .session=${this.session} .error=${this.signInError}></qc-sign-in>`
    // A new identity sees other data: the page is rebuilt (and reloads) when it changes.
    // Signed-out and not-yet-known are the same view: only a real identity change rebuilds (and reloads) the page.
    const who = this.session.who?.role ? this.session.who.name : ''
    return html`${bar}${keyed(who, this.#view())}`
  }

  #view() {
    const path = this.#route.path
    if (path.startsWith('/instrument/')) return html`<qc-report-page></qc-report-page>`
    if (path.startsWith('/calchecker')) return html`<qc-calchecker-page></qc-calchecker-page>`
    if (path.startsWith('/catalogue')) return html`<qc-catalogue-list></qc-catalogue-list>`
    if (path === '/' || path === '/index.html') return html`<qc-health-monitor></qc-health-monitor>`
    return html`<p>Nothing at ${path}. <a href=${link('/')}>Health monitor</a></p>`
  }
}
