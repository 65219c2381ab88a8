import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { getJson, postJson, type Score } from '../api.ts'
import { utc } from '../format.ts'
import { consume } from '@lit/context'
import { may, sessionContext, type Session } from '../session.ts'
import { isStatic, RouteController, setQuery } from '../router.ts'
import './score-light.ts'

type CalStatus = 'OK' | 'NOK' | 'MISS'
interface Cell { status: CalStatus; final: boolean; files: number }
interface Action { cal: string; setup: string; status: CalStatus; final: boolean; until: string; files: number; forTypes: string[]; text: string }
interface Report {
  instrument: string; status: CalStatus | null
  nights: { night: string; status: CalStatus | null; files: number; modes: string[]; daytime: string }[]
  rows: { type: string; setup: string; status: CalStatus; cells: Record<string, Cell> }[]
  actions: Action[]
  lost: { night: string; type: string; setup: string; obId: number; obName: string; prog: string; firstFile: string; missing: string[] }[]
}
interface Observation {
  night: string; ts: string; prog: string; obId: number; obName: string; grade: string; mode: string; type: string; setup: string
  science: boolean; files: number; firstFile: string; status: CalStatus; final: boolean
  cals: { cal: string; status: CalStatus; age: number | null; file: string; via: string }[]
}
const SCORE: Record<CalStatus, Score> = { OK: 'green', NOK: 'yellow', MISS: 'red' }
const POLL_MS = 60_000

/**
 * calChecker at `/calchecker`: per instrument, today's actions on top, then
 * science setups × the last 7 nights (OK / NOK / MISS; a MISS is marked
 * "pending" until the day's calibrations are finished); a cell opens the
 * night's science observations with each calibration's signed age.
 */
@customElement('qc-calchecker-page')
export class CalcheckerPage extends LitElement {
  static styles = css`
    :host { display: block; }
    /* Wide tables scroll inside their own box: the page never scrolls sideways (390 px phones). */
    .scroll { overflow-x: auto; max-width: 100%; }
    /* Setup names such as 200Kps/low_SR_GRIS_300V_GG435_2x2 break anywhere rather than widen the page. */
    section, .actions, .lost { overflow-wrap: anywhere; }
    table { border-collapse: collapse; font-size: .9rem; margin-bottom: .8rem; }
    th, td { border-bottom: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
    th small { display: block; font-weight: normal; color: #57606a; }
    button.cell { font: inherit; border: 1px solid #d0d7de; background: #fff; border-radius: 4px; padding: .15rem .4rem; cursor: pointer; }
    button.cell:focus-visible, button.cell[aria-pressed='true'] { outline: 2px solid #0969da; }
    .actions { background: #fff8c5; border: 1px solid #bf8700; padding: .4rem .7rem; border-radius: 4px; margin: .4rem 0; color: #4d2d00; }
    .actions li.MISS { font-weight: 600; }
    .lost { background: #ffebe9; border: 1px solid #cf222e; padding: .4rem .7rem; border-radius: 4px; color: #82071e; margin: .4rem 0; }
    .muted { color: #57606a; }
    h2 { font-size: 1.1rem; margin: 1.2rem 0 .3rem; }
    .pager { display: flex; gap: .5rem; margin-bottom: .4rem; }
    .pager button { font: inherit; }
    .grading { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; font-size: .9rem; }
    .grading input, td select { font: inherit; }
    [role='alert'] { background: #ffebe9; border: 1px solid #cf222e; padding: .6rem; border-radius: 4px; color: #82071e; }
  `
  @consume({ context: sessionContext, subscribe: true }) @state() private session?: Session
  @state() private data?: { now: string; night: string; instruments: Report[] }
  @state() private error?: string
  @state() private frames?: { key: string; observations: Observation[] } | { key: string; error: string }
  @state() private gradeMessage?: string
  #timer?: number
  #route = new RouteController(this)
  /** The week (`to`) and the opened cell last loaded: the URL says which should be, Back included. */
  #loadedTo: string | null | undefined = undefined

  connectedCallback() {
    super.connectedCallback()
    document.title = 'calChecker — qcloop'
    this.#timer = window.setInterval(() => void this.#load(), POLL_MS)
  }
  disconnectedCallback() { super.disconnectedCallback(); clearInterval(this.#timer) }

  willUpdate() {
    const q = this.#route.query
    const to = q.get('to')
    if (to !== this.#loadedTo) { this.#loadedTo = to; void this.#load() }
    const key = q.get('of') && q.get('night') && q.get('type') && q.get('setup') ? `${q.get('of')}|${q.get('night')}|${q.get('type')}|${q.get('setup')}` : null
    if (key === null && this.frames) this.frames = undefined
    if (key !== null && this.frames?.key !== key) void this.#open(q.get('of')!, q.get('night')!, q.get('type')!, q.get('setup')!)
  }

  async #load() {
    try {
      const to = this.#route.query.get('to')
      this.data = await getJson<{ now: string; night: string; instruments: Report[] }>(`/api/v1/calchecker${to && !isStatic() ? `?night=${encodeURIComponent(to)}` : ''}`)
      this.error = undefined
    } catch (e) { this.error = (e as Error).message }
  }

  /** Opening a cell is a history entry (Back closes it) and part of the URL (a link can be mailed). */
  #select(inst: string, night: string, type: string, setup: string) {
    setQuery({ of: inst, night, type, setup })
  }

  async #open(inst: string, night: string, type: string, setup: string) {
    const key = `${inst}|${night}|${type}|${setup}`
    this.frames = { key, observations: [] }
    try {
      const r = await getJson<{ observations: Observation[] }>(`/api/v1/calchecker/${encodeURIComponent(inst)}/${night}/frames`)
      this.frames = { key, observations: r.observations.filter((o) => o.type === type && o.setup === setup) }
    } catch (e) { this.frames = { key, error: (e as Error).message } }
  }

  render() {
    if (this.error && !this.data) return html`<p role="alert">Cannot load calChecker: ${this.error}</p>`
    if (!this.data) return html`<p aria-busy="true">Loading calChecker…</p>`
    const only = this.#route.query.get('instrument')
    const reports = this.data.instruments.filter((r) => !only || r.instrument === only)
    return html`${this.#pager()}<p class="muted">Are the science observations of the last 7 nights fully calibrated? As of ${utc(this.data.now)}.
      OK: every calibration within its calibration-plan window; NOK: something only within the extended window; MISS: something missing.</p>
      ${this.error ? html`<p role="alert">Live update failed: ${this.error}</p>` : nothing}
      ${reports.length === 0 ? html`<p>No instrument has calChecker rules (qc-params: <code>calchecker:</code>).</p>` : reports.map((r) => this.#instrument(r))}`
  }

  /** Earlier / later weeks (the live server only: the static export holds the current week). */
  #pager() {
    if (isStatic()) return nothing
    const newest = this.data!.instruments[0]?.nights.at(-1)?.night
    if (!newest) return nothing
    const shift = (days: number) => {
      const d = new Date(Date.parse(`${newest}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
      setQuery({ to: days > 0 && d >= this.data!.night ? null : d, of: null, night: null, type: null, setup: null })
    }
    const latest = newest >= this.data!.night
    return html`<nav class="pager" aria-label="weeks"><button @click=${() => shift(-7)}>← 7 nights earlier</button>
      <button ?disabled=${latest} @click=${() => shift(7)}>7 nights later →</button>
      ${latest ? nothing : html`<button @click=${() => shift(10_000)}>latest</button>`}</nav>`
  }

  #instrument(r: Report) {
    return html`<section aria-label="calChecker ${r.instrument}">
      <h2><qc-score-light .score=${r.status ? SCORE[r.status] : 'none'} label=${r.status ?? 'no science'}></qc-score-light> ${r.instrument}</h2>
      ${r.actions.length ? html`<div class="actions" role="note"><strong>Take today:</strong><ul>${r.actions.map((a) => html`<li class=${a.status}>
        ${a.text} <span class="muted">— ${a.status}${a.final ? '' : ' (pending: day calibrations not finished)'}, for ${a.files} file(s) of ${a.forTypes.join(', ')}, before ${utc(a.until)}</span></li>`)}</ul></div>` : nothing}
      ${r.lost.length ? html`<div class="lost" role="note"><strong>LOST?</strong> (windows closed; the OB grade may need a review)<ul>${r.lost.map((l) => html`<li>
        ${l.night} ${l.type} ${l.setup}: OB ${l.obId} ${l.obName} (${l.prog}), ${l.firstFile} — missing ${l.missing.join(', ')}</li>`)}</ul></div>` : nothing}
      ${r.rows.length === 0 ? html`<p>No science in these nights.</p>` : html`<div class="scroll"><table aria-label="calChecker ${r.instrument} setups by night">
        <thead><tr><th scope="col">Data type</th><th scope="col">Setup</th>${r.nights.map((n) => html`<th scope="col">${n.night}
          <small>${n.files ? `${n.modes.join('/') || '—'} · ${n.files} files` : 'no science'}</small><small>day cals ${n.daytime}</small></th>`)}</tr></thead>
        <tbody>${r.rows.map((row) => html`<tr><td>${row.type}</td><td>${row.setup}</td>${r.nights.map((n) => {
          const c = row.cells[n.night]
          if (!c) return html`<td></td>`
          const key = `${r.instrument}|${n.night}|${row.type}|${row.setup}`
          return html`<td><button class="cell" data-status=${c.status} aria-pressed=${this.frames?.key === key ? 'true' : 'false'}
            @click=${() => this.#select(r.instrument, n.night, row.type, row.setup)}><qc-score-light size="small" .score=${SCORE[c.status]} label=${c.status}></qc-score-light>
            ${c.status}${c.final || c.status !== 'MISS' ? '' : '?'} <small class="muted">${c.files}</small></button></td>`
        })}</tr>`)}</tbody></table></div>`}
      ${this.frames?.key.startsWith(`${r.instrument}|`) ? this.#details() : nothing}
    </section>`
  }

  #details() {
    const f = this.frames!
    if ('error' in f) return html`<p role="alert">Cannot load the observations: ${f.error}</p>`
    const edit = !isStatic() && may(this.session, 'qc')
    return html`${edit ? html`<p class="grading">QC0 grades (A best … D), as ${this.session!.who!.name}
      ${this.gradeMessage ? html`<span role="status">${this.gradeMessage}</span>` : nothing}</p>` : nothing}
      <div class="scroll"><table aria-label="science observations"><thead><tr><th>Time</th><th>Programme</th><th>OB</th><th>Grade</th><th>Mode</th><th>Files</th><th>First raw file</th><th>Calibrations (signed age, days)</th></tr></thead>
      <tbody>${f.observations.map((o) => html`<tr><td>${utc(o.ts)}</td><td>${o.prog}</td><td>${o.obId} <small>${o.obName}</small></td>
        <td>${edit && o.obId > 0 ? html`<select aria-label="grade of OB ${o.obId}" @change=${(e: Event) => this.#grade(o, (e.target as HTMLSelectElement).value)}>
          ${['', 'A', 'B', 'C', 'D', 'X'].map((g) => html`<option value=${g} ?selected=${g === o.grade} ?disabled=${g === ''}>${g || '–'}</option>`)}</select>` : o.grade || '–'}</td>
        <td>${o.mode || '–'}</td>
        <td>${o.files}</td><td>${o.firstFile}</td><td>${o.cals.map((c) => html`<span data-status=${c.status}>${c.cal}: ${c.age === null ? 'MISS' : c.age.toFixed(2)}${c.status === 'NOK' ? ' (NOK)' : ''}${c.via ? ` [${c.via}]` : ''}</span> `)}</td></tr>`)}</tbody></table></div>`
  }

  /** Attaches a QC0 grade to an OB, as the signed-in identity. */
  async #grade(o: Observation, grade: string) {
    const [inst] = this.frames!.key.split('|')
    try {
      await postJson('/api/v1/ob-grades', { grades: [{ instrument: inst, ob_id: o.obId, grade }] })
      o.grade = grade
      this.gradeMessage = `OB ${o.obId} graded ${grade}.`
    } catch (e) {
      this.gradeMessage = `Refused: ${(e as Error).message}`
    }
  }
}
