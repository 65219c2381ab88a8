import { html } from 'lit'

const TOKEN_KEY = 'qcloop-token'
const BY_KEY = 'qcloop-by'

/**
 * The write token (kept for this browser session) and the user's name (kept
 * across sessions) that QC actions need: two inputs, named `token` and `by`,
 * shared by every component that writes, so one entry serves them all.
 *
 * @example
 * html`${credentialFields()} <button @click=${() => post(field('token'), field('by'))}>Save</button>`
 */
export function credentialFields() {
  const keep = (storage: Storage, key: string) => (e: Event) => storage.setItem(key, (e.target as HTMLInputElement).value)
  return html`<label>Write token <input type="password" name="token" autocomplete="off" .value=${sessionStorage.getItem(TOKEN_KEY) ?? ''} @change=${keep(sessionStorage, TOKEN_KEY)}></label>
    <label>Your name <input name="by" .value=${localStorage.getItem(BY_KEY) ?? ''} @change=${keep(localStorage, BY_KEY)}></label>`
}
