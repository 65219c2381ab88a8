import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { Session } from '../session.ts'

const HIDDEN = 'private parameters, internal comments, OB names and grades, the audit log, acknowledgements and silences'

/**
 * The sign-in bar: signed out it says what anonymous readers see (and what is hidden);
 * signed in it shows the identity and role. Sends `sign-in` (detail: token) and `sign-out`;
 * <qc-app> checks the token with the server and provides the session.
 */
@customElement('qc-sign-in')
export class SignIn extends LitElement {
  static styles = css`
    :host { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; font-size: .85rem; margin-bottom: .6rem; color: #57606a; }
    input { font: inherit; width: 16rem; }
    button { font: inherit; padding: .15rem .6rem; border: 1px solid #0b3d62; background: #0b3d62; color: #fff; border-radius: 4px; cursor: pointer; }
    .who { color: #1f2328; font-weight: 600; }
    .err { color: #82071e; }
  `
  @property({ attribute: false }) session?: Session
  @property() error = ''
  @state() private open = false

  render() {
    const who = this.session?.who
    if (who && who.role) {
      return html`<span>Signed in as <span class="who" data-identity>${who.name}</span> (role <span data-role>${who.role}</span>${who.via === 'proxy' ? ', via single sign-on' : ''})</span>
        ${who.via === 'proxy' ? nothing : html`<button @click=${() => this.dispatchEvent(new CustomEvent('sign-out', { bubbles: true, composed: true }))}>Sign out</button>`}`
    }
    const mode = who?.anonymous
    const sees = mode === 'all' ? 'Signed out: this server shows anonymous readers everything; sign in to act.'
      : mode === 'public' ? `Signed out: you see what the public pages show. Hidden: ${HIDDEN}.`
      : mode === 'none' ? 'Signed out: this server needs a token for every read.' : 'Signed out.'
    return html`<span data-signed-out>${sees}</span>
      ${this.open ? html`<form @submit=${this.#submit}><label>Token <input type="password" name="token" autocomplete="off" required></label> <button type="submit">Sign in</button></form>`
        : html`<button @click=${() => (this.open = true)}>Sign in</button>`}
      ${this.error ? html`<span class="err" role="alert">${this.error}</span>` : nothing}`
  }

  #submit(e: Event) {
    e.preventDefault()
    const token = (this.renderRoot.querySelector('input[name=token]') as HTMLInputElement).value.trim()
    if (token) this.dispatchEvent(new CustomEvent('sign-in', { detail: token, bubbles: true, composed: true }))
  }
}
