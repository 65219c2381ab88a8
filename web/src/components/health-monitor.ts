import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { getJson, type Health, type InstrumentHealth, type ParamHealth, type Score } from '../api.ts'
import { age, num, utc } from '../format.ts'
import { isStatic, link, RouteController, setQuery } from '../router.ts'
import './night-strip.ts'
import './score-light.ts'
import './validity-table.ts'
import './alerts-panel.ts'

const POLL_MS = 30_000
/** Data older than this (hours) mark an instrument, or the whole page, as stale: the loop itself may be broken. */
const STALE_HOURS = 36
const RANK: Record<Score, number> = { grey: 0, green: 1, yellow: 2, red: 3 }
const worst = (xs: (Score | null)[]) => xs.reduce<Score>((w, s) => (s && RANK[s] > RANK[w] ? s : w), 'grey')

/** The health-check monitor at `/`: is anything wrong? Polls the API and marks new reds. */
@customElement('qc-health-monitor')
export class HealthMonitor extends LitElement {
  static styles = css`
    :host { display: block; }
    .bar { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin-bottom: .75rem; font-size: .95rem; }
    .stale { background: #fff1e5; border: 1px solid #bc4c00; color: #7a2e00; padding: .4rem .7rem; border-radius: 4px; }
    table.grid { border-collapse: collapse; width: 100%; }
    /* On a wide screen instruments sit two abreast, so 20 of them fit a 1920×1080 screen. */
    @media (min-width: 1600px) {
      .grid tbody { display: grid; grid-template-columns: 1fr 1fr; column-gap: 1.5rem; }
      .grid thead { display: none; }
      .grid tr { display: grid; grid-template-columns: 11rem 1fr 9rem; border-bottom: 1px solid #d0d7de; }
      .grid th, .grid td { border-bottom: none; padding: .25rem .4rem; }
      a.cell { padding: .2rem .4rem; min-width: 8.5rem; }
      ul.causes { margin: 0; }
    }
    /* On a phone (390 px) each instrument is a block: light and name, its report tiles, its calibrations. */
    @media (max-width: 600px) {
      table.grid, .grid tbody, .grid tr, .grid th, .grid td { display: block; width: auto; }
      .grid thead { display: none; }
      a.cell { min-width: 0; }
    }
    .grid th, .grid td { border-bottom: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
    .cells { display: flex; flex-wrap: wrap; gap: .5rem; }
    a.cell { display: grid; grid-template-columns: auto auto; gap: 0 .4rem; align-items: center; padding: .35rem .5rem; border: 1px solid #d0d7de; border-radius: 6px; text-decoration: none; color: #1f2328; min-width: 9.5rem; background: #fff; }
    a.cell:hover, a.cell:focus-visible { border-color: #0969da; outline: 2px solid #0969da; }
    a.cell.new { box-shadow: 0 0 0 3px #cf222e; }
    .cell .name { font-weight: 600; }
    .cell .sub { grid-column: 1 / -1; font-size: .8rem; color: #57606a; }
    .inst { font-weight: 700; font-size: 1.05rem; }
    .culprit { color: #82071e; font-weight: 600; }
    ul.causes { margin: .2rem 0 0; padding-left: 1rem; font-size: .8rem; color: #82071e; }
    button.linkish { font: inherit; background: none; border: none; color: #0550ae; text-decoration: underline; cursor: pointer; padding: 0; }
    .tag { font-size: .75rem; padding: 0 .35rem; border-radius: 3px; background: #fff1e5; color: #7a2e00; border: 1px solid #bc4c00; margin-left: .3rem; }
    select { font: inherit; }
    h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
    ul.attention { list-style: none; padding: 0; margin: 0; }
    ul.attention li { padding: .3rem 0; border-bottom: 1px solid #eaeef2; display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
    .muted { color: #57606a; }
    [role='alert'] { background: #ffebe9; border: 1px solid #cf222e; padding: .6rem; border-radius: 4px; color: #82071e; }
  `
  @state() private health?: Health
  @state() private error?: string
  @state() private newReds = new Set<string>()
  @state() private polls = 0
  /** Instruments whose validity table is open. */
  @state() private openValidity = new Set<string>()
  /** calChecker per instrument (status, actions); absent when it failed or the instrument has no rules. */
  @state() private calchecker = new Map<string, { status: 'OK' | 'NOK' | 'MISS' | null; actions: number }>()
  #timer?: number
  #route = new RouteController(this)
  #knownReds: Set<string> | null = null

  connectedCallback() {
    super.connectedCallback()
    document.title = 'Health monitor — qcloop'
    void this.#load()
    this.#timer = window.setInterval(() => void this.#load(), POLL_MS)
  }

  disconnectedCallback() {
    super.disconnectedCallback()
    clearInterval(this.#timer)
  }

  async #load() {
    const health = getJson<Health>('/api/v1/health')
    // calChecker is a second opinion on calibrations: asked for once the grid is painted (the store answers
    // one query at a time and its report costs the server a few hundred ms), never blocking it.
    const painted = health.then(() => this.updateComplete).then(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))))
    void painted.finally(() => getJson<{ instruments: { instrument: string; status: 'OK' | 'NOK' | 'MISS' | null; actions: unknown[] }[] }>('/api/v1/calchecker').then(
      (r) => { this.calchecker = new Map(r.instruments.map((x) => [x.instrument, { status: x.status, actions: x.actions.length }])) },
      () => { this.calchecker = new Map() }))
    try {
      const h = await health
      const reds = new Set(h.instruments.flatMap((i) => i.reports.flatMap((r) => r.params.filter((p) => p.score === 'red').map((p) => `${i.name}/${r.name}/${p.param}/${p.setup}`))))
      if (this.#knownReds) this.newReds = new Set([...reds].filter((k) => !this.#knownReds!.has(k)))
      this.#knownReds = reds
      this.health = h
      this.polls++
      this.error = undefined
    } catch (e) {
      this.error = (e as Error).message
    }
  }

  get #filters() {
    const q = this.#route.query
    return { instrument: q.get('instrument') ?? '', cls: q.get('class') ?? '' }
  }

  #filter(key: 'instrument' | 'class', value: string) {
    setQuery({ [key]: value }, 'replace')
  }

  render() {
    if (this.error && !this.health) return html`<p role="alert">Cannot load the health monitor: ${this.error}</p>`
    if (!this.health) return html`<p aria-busy="true">Loading the health monitor…</p>`
    const h = this.health
    const now = Date.parse(h.now)
    const { instrument, cls } = this.#filters
    const instruments = h.instruments.filter((i) => !instrument || i.name === instrument)
    const keep = (p: ParamHealth) => !cls || p.class === cls
    const attention = instruments.flatMap((i) => i.reports.flatMap((r) => r.params.filter((p) => keep(p) && (p.score === 'red' || p.score === 'yellow')).map((p) => ({ i, r, p }))))
      .sort((a, b) => RANK[b.p.score] - RANK[a.p.score] || a.i.name.localeCompare(b.i.name))
    return html`
      ${this.error ? html`<p role="alert">Live update failed: ${this.error} (showing data from ${utc(h.now)})</p>` : nothing}
      <div class="bar">
        <span>Now <strong>${utc(now)}</strong></span>
        <span>Night <strong>${h.night}</strong> <span class="muted">(date changes at ${String(h.dayBoundaryUT).padStart(2, '0')}:00 UT)</span></span>
        <span>Newest data <strong>${h.newest ? utc(h.newest) : 'none'}</strong> <span class="muted">(${age(h.newest, now)} ago)</span></span>
        <label>Instrument <select @change=${(e: Event) => this.#filter('instrument', (e.target as HTMLSelectElement).value)}>
          <option value="">all</option>${h.instruments.map((i) => html`<option ?selected=${i.name === instrument}>${i.name}</option>`)}</select></label>
        <label>Class <select @change=${(e: Event) => this.#filter('class', (e.target as HTMLSelectElement).value)}>
          <option value="">all</option>${['KPI', 'HC', 'CAL', 'ENG'].map((c) => html`<option ?selected=${c === cls}>${c}</option>`)}</select></label>
      </div>
      ${h.newestAgeHours !== null && h.newestAgeHours > STALE_HOURS ? html`<p class="stale" role="status">No new QC data for ${Math.round(h.newestAgeHours)} h: is the pipeline or the transfer broken?</p>` : nothing}
      ${h.news?.length ? html`<section aria-label="instrument news"><h2>News</h2><ul class="news">${h.news.filter((e) => !instrument || e.instrument === instrument).map((e) => html`<li data-event=${e.kind}>
        <strong>${e.instrument}</strong> <span class="muted">${e.kind === 'technical' ? 'technical time' : e.kind}</span> ${e.title}
        <span class="muted">${utc(e.at)}${e.until ? html` – ${utc(e.until)}` : nothing} (${newsAge(e.ageDays ?? 0)})${e.by ? html`, ${e.by}` : nothing}</span>
        ${e.text ? html`<div class="muted">${e.text}</div>` : nothing}</li>`)}</ul></section>` : nothing}
      <table class="grid" aria-label="instrument health">
        <thead><tr><th scope="col">Instrument</th><th scope="col">Reports (current score, last 7 nights, newest value)</th><th scope="col">Calibrations</th></tr></thead>
        <tbody>${instruments.map((i) => this.#row(i, now, keep))}</tbody>
      </table>
      ${isStatic() ? nothing : html`<h2>Alerts</h2><qc-alerts-panel .tick=${this.polls}></qc-alerts-panel>`}
      <h2>Needs attention <span class="muted">(${attention.length})</span></h2>
      ${attention.length === 0 ? html`<p>Nothing is out of tolerance.</p>` : html`<ul class="attention">${attention.map(({ i, r, p }) => html`<li>
        <qc-score-light .score=${p.score} label="${i.name} ${p.param}"></qc-score-light>
        <a href=${link(`/instrument/${encodeURIComponent(i.name)}?report=${encodeURIComponent(r.name)}&param=${encodeURIComponent(p.param)}`)}>${i.name} ${r.name} · ${p.param}</a>
        <span class="muted">${p.setup}</span> <span>${p.reason}</span> <span class="muted">${utc(p.last.ts)}</span></li>`)}</ul>`}
      <h2>Calibration validity</h2>
      ${instruments.map((i) => {
        const todo = i.validity.filter((v) => v.status !== 'valid').length
        // Collapsed, so the monitor of many instruments fits one screen; the table is built when opened.
        return html`<details id="validity-${i.name}" class="validity" ?open=${this.openValidity.has(i.name)} @toggle=${(e: Event) => this.#toggled(i.name, (e.target as HTMLDetailsElement).open)}>
          <summary><qc-score-light size="small" .score=${i.validityScore} label="${i.name} calibrations"></qc-score-light> ${i.name}: ${todo} to take of ${i.validity.length}</summary>
          ${this.openValidity.has(i.name) ? html`<qc-validity-table .instrument=${i.name} .lines=${i.validity}></qc-validity-table>` : nothing}</details>`
      })}
    `
  }

  /** "N to take" leads to the instrument's list (a scroll, not a hash: the static site's hash is its route). */
  #showValidity(name: string) {
    this.openValidity = new Set([...this.openValidity, name])
    void this.updateComplete.then(() => this.renderRoot.querySelector(`[id="validity-${CSS.escape(name)}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'start' }))
  }

  #toggled(name: string, open: boolean) {
    if (open === this.openValidity.has(name)) return
    const next = new Set(this.openValidity)
    if (open) next.add(name)
    else next.delete(name)
    this.openValidity = next
  }

  #calchecker(name: string) {
    const c = this.calchecker.get(name)
    if (!c) return nothing
    const score: Score | 'none' = c.status === 'MISS' ? 'red' : c.status === 'NOK' ? 'yellow' : c.status === 'OK' ? 'green' : 'none'
    return html`<div><a class="calchecker" href=${link(`/calchecker?instrument=${encodeURIComponent(name)}`)}>
      <qc-score-light size="small" .score=${score} label="${name} calChecker ${c.status ?? 'no science'}"></qc-score-light> calChecker ${c.status ?? '–'}</a>
      ${c.actions ? html`<span class="muted">(${c.actions} to take)</span>` : nothing}</div>`
  }

  #row(i: InstrumentHealth, now: number, keep: (p: ParamHealth) => boolean) {
    const stale = i.newest && (now - Date.parse(i.newest)) / 3_600_000 > STALE_HOURS
    return html`<tr>
      <th scope="row"><span class="inst"><qc-score-light size="large" .score=${i.score} label="${i.name}"></qc-score-light> ${i.name}</span>
        ${stale ? html`<span class="tag">stale</span>` : nothing}<div class="muted">newest ${age(i.newest, now)} ago</div>
        ${i.causes?.length ? html`<ul class="causes" aria-label="${i.name}: also counted">${i.causes.map((c) => html`<li>${c}</li>`)}</ul>` : nothing}</th>
      <td><div class="cells">${i.reports.map((r) => {
        const params = r.params.filter(keep)
        if (params.length === 0) return nothing
        const score = worst(params.map((p) => p.score))
        const nights = params[0].nights.map((n, k) => ({ night: n.night, score: params.some((p) => p.nights[k].score) ? worst(params.map((p) => p.nights[k].score)) : null }))
        const newest = params.reduce((a, p) => (p.last.ts > a.last.ts ? p : a))
        const isNew = params.some((p) => this.newReds.has(`${i.name}/${r.name}/${p.param}/${p.setup}`))
        // A red or yellow tile names its culprits (the parameters at its colour) and leads to their panel.
        const culprits = score === 'red' || score === 'yellow' ? [...new Set(params.filter((p) => p.score === score).map((p) => p.param))] : []
        const first = culprits.length ? params.find((p) => p.param === culprits[0] && p.score === score)! : newest
        const href = `/instrument/${encodeURIComponent(i.name)}?report=${encodeURIComponent(r.name)}${culprits.length === 1 ? `&param=${encodeURIComponent(culprits[0])}` : ''}`
        return html`<a class="cell ${isNew ? 'new' : ''}" href=${link(href)} data-score=${score}>
          <qc-score-light size="large" .score=${score} label="${i.name} ${r.name}"></qc-score-light><span class="name">${r.name}</span>
          <span class="sub"><qc-night-strip .nights=${nights} .current=${this.health?.night ?? ""}></qc-night-strip></span>
          ${culprits.length ? html`<span class="sub culprit" data-culprit>${culprits.slice(0, 2).join(', ')}${culprits.length > 2 ? ` +${culprits.length - 2}` : ''}: ${num(first.last.value)} ${first.unit}</span>`
            : html`<span class="sub">${newest.param} ${num(newest.last.value)} ${newest.unit} · ${age(newest.last.ts, now)} ago</span>`}</a>`
      })}</div></td>
      <td><qc-score-light .score=${i.validityScore} label="${i.name} calibrations"></qc-score-light>
        <button class="linkish" @click=${() => this.#showValidity(i.name)}>${i.validity.filter((v) => v.status !== 'valid').length} to take</button>${this.#calchecker(i.name)}</td>
    </tr>`
  }
}

/** An event's age for the news list: "today", "3 days ago", "in 2 days". */
function newsAge(days: number): string {
  const d = Math.round(Math.abs(days))
  if (d === 0) return 'today'
  return days > 0 ? `${d} day${d === 1 ? '' : 's'} ago` : `in ${d} day${d === 1 ? '' : 's'}`
}
