import { readRecentScores, writeAlertHistory } from '../server/store/alerts-store.ts'
import { createHash } from 'node:crypto'
import type { Services } from '../server/services.ts'
import { loadStates, saveStates, type AlertState } from './alert-state.ts'
import { evaluateConditions, type Condition } from './conditions.ts'
import { Outbox } from './outbox.ts'
import { recipientsFor, type AlertPolicy } from './policy-schema.ts'
import { linkBase, renderEmail } from './templates.ts'
import { trendPng } from './trend-png.ts'
import { finiteLimit } from '../server/store/score-sql.ts'
import { readTechnicalAt } from '../server/store/events-store.ts'
import { mutedBy } from './mute-windows.ts'
import { inhibitors } from './inhibition.ts'
import { emailsOf, webhookPayload, webhooksOf } from './webhooks.ts'
import type { InstrumentEvent } from '../server/events/event.ts'

const HOUR = 3_600_000
/** A firing parameter alert resolves only after its condition has been clear this long (flapping guard). */
const CLEAR_HOURS: Record<string, number> = { critical: 12, expired: 0, expiring: 0, stale: 0, calchecker: 0, ingest: 0 }

/**
 * Turns conditions into alert states and notifications. Evaluations never
 * overlap (a request during one runs once more after it). Each step is
 * persisted before the next, and notifications get deterministic ids, so a
 * restart at any point neither forgets an alert nor repeats an email.
 *
 * @example
 * const engine = new AlertEngine(services, () => policy, outbox, token)
 * await engine.evaluate()
 */
export class AlertEngine {
  #running: Promise<void> | null = null
  #again = false
  #stamp = 0
  /** `policy` is read at the start of each evaluation: a reloaded one is used by the next (one under way finishes with the one it began with). */
  constructor(private s: Services, private policy: () => AlertPolicy, private outbox: Outbox, private signingKey: string, private baseUrl?: string) {}

  evaluate(): Promise<void> {
    if (this.#running) { this.#again = true; return this.#running }
    this.#running = (async () => {
      do { this.#again = false; await this.#evaluateOnce() } while (this.#again)
    })().finally(() => { this.#running = null })
    return this.#running
  }

  async #evaluateOnce(): Promise<void> {
    const now = this.s.clock()
    const at = (this.#stamp = Math.max(now, this.#stamp + 1))
    const policy = this.policy()
    const conditions = await evaluateConditions(this.s, policy)
    const states = await loadStates(this.s.store)
    const changed = new Map<string, AlertState>()
    const history: { key: string; instrument: string; from: string; to: string; title: string }[] = []
    const seen = new Set<string>()
    for (const c of conditions) {
      seen.add(c.key)
      const old = states.get(c.key)
      if (!old || old.state === 'resolved') {
        changed.set(c.key, fresh(c, now))
        history.push({ key: c.key, instrument: c.instrument, from: old?.state ?? '', to: c.state, title: c.title })
      } else if (old.state === 'pending' && c.state === 'firing') {
        changed.set(c.key, { ...old, state: 'firing', since: now, clearSince: null, title: c.title, details: c.details })
        history.push({ key: c.key, instrument: c.instrument, from: 'pending', to: 'firing', title: c.title })
      } else if (old.clearSince !== null || old.title !== c.title) {
        changed.set(c.key, { ...old, clearSince: null, title: c.title, details: c.details })
      }
    }
    for (const old of states.values()) {
      if (seen.has(old.key) || old.state === 'resolved') continue
      const clear = old.clearSince ?? now
      if (old.state === 'pending' || now - clear >= (CLEAR_HOURS[old.kind] ?? 0) * HOUR) {
        changed.set(old.key, { ...old, state: 'resolved', since: now, clearSince: null })
        history.push({ key: old.key, instrument: old.instrument, from: old.state, to: 'resolved', title: old.title })
      } else if (old.clearSince === null) {
        changed.set(old.key, { ...old, clearSince: now })
      }
    }
    await saveStates(this.s.store, [...changed.values()], at)
    await writeAlertHistory(this.s.store, history, at)
    for (const [k, v] of changed) states.set(k, v)
    // Technical events lasting now mute the alerts of their scope: still evaluated and shown, not
    // sent; one still firing when the window ends is sent then, once (Alertmanager's mute timings).
    const events = await readTechnicalAt(this.s.store, now)
    await this.#notify(policy, [...states.values()], now, at, events)
  }

  /** Groups what people must be told per instrument, queues it, then records that they were told. */
  async #notify(policy: AlertPolicy, all: AlertState[], now: number, at: number, events: InstrumentEvent[]): Promise<void> {
    const staleInstruments = new Set(all.filter((a) => a.kind === 'stale' && a.state === 'firing').map((a) => a.instrument))
    // An expired calibration holds back the critical alerts of the reports its catalogue says depend on it.
    const inhibitedBy = inhibitors(this.s.catalogues(), all)
    const quiet = (a: AlertState) => (a.silencedUntil !== null && a.silencedUntil > now) || (a.kind === 'critical' && staleInstruments.has(a.instrument))
      || mutedBy(events, policy.muteWindows, a, now) !== null || inhibitedBy(a) !== undefined
    const told: AlertState[] = []
    const base = linkBase(policy, this.baseUrl)
    const byInstrument = new Map<string, AlertState[]>()
    for (const a of all) byInstrument.set(a.instrument, [...(byInstrument.get(a.instrument) ?? []), a])
    for (const [instrument, alerts] of byInstrument) {
      const fresh = alerts.filter((a) => a.state === 'firing' && a.notifiedState !== 'firing' && !quiet(a))
      const remind = alerts.filter((a) => a.state === 'firing' && a.notifiedState === 'firing' && !a.ackedBy && !quiet(a) && now - a.notifiedAt >= policy.repeatHours * HOUR)
      const resolved = alerts.filter((a) => a.state === 'resolved' && a.notifiedState === 'firing')
      const everyone = recipientsFor(policy, instrument), to = emailsOf(everyone)
      for (const [kind, list] of [['new', fresh], ['reminder', remind], ['resolved', resolved]] as const) {
        if (list.length === 0) continue
        const id = createHash('sha256').update([instrument, kind, ...list.map((a) => `${a.key}@${a.since}@${a.notifiedAt}`).sort()].join('|')).digest('hex').slice(0, 32)
        const image = kind === 'resolved' ? '' : await this.#picture(list.find((a) => a.kind === 'critical'), now)
        const email = renderEmail({ instrument, kind, alerts: list, policy, signingKey: this.signingKey, now, image, baseUrl: this.baseUrl })
        if (to.length > 0) await this.outbox.enqueue({ id, instrument, recipients: to, ...email }, at)
        // The same group to each webhook: its own outbox message (id of the group and the hook), so retries and restarts never repeat it.
        for (const name of webhooksOf(everyone)) {
          const hook = policy.webhooks[name]
          if (!hook) continue
          const hid = createHash('sha256').update(`${id}|webhook:${name}`).digest('hex').slice(0, 32)
          const payload = webhookPayload(hook.kind, { id: hid, instrument, group: kind, alerts: list, now, baseUrl: base, subject: email.subject, receiver: name })
          await this.outbox.enqueue({ id: hid, instrument, recipients: [`webhook:${name}`], channel: `webhook:${name}`, payload, subject: email.subject, text: email.text, html: '', image: '' }, at)
        }
        for (const a of list) told.push({ ...a, notifiedState: kind === 'resolved' ? 'resolved' : 'firing', notifiedAt: now })
      }
    }
    await saveStates(this.s.store, told, at + 1)
    this.#stamp = at + 1
  }

  /** The last 90 days of a critical alert's series as a small PNG (base64), or '' when there is none. */
  async #picture(a: AlertState | undefined, now: number): Promise<string> {
    if (!a) return ''
    const d = a.details as Record<string, string>
    const rows = await readRecentScores(this.s.store, a.instrument, d.param, d.setup, now - 90 * 86_400_000)
    if (rows.length === 0) return ''
    const last = rows[rows.length - 1]
    return trendPng(rows.map((r) => ({ t: r.t, value: r.value, red: r.score === 3 })), { critLo: finiteLimit(last.critLo), critHi: finiteLimit(last.critHi) }).toString('base64')
  }
}

function fresh(c: Condition, now: number): AlertState {
  return {
    key: c.key, instrument: c.instrument, kind: c.kind, state: c.state, since: now, clearSince: null, title: c.title, details: c.details,
    notifiedState: '', notifiedAt: 0, ackedBy: '', silencedUntil: null, silenceReason: '',
  }
}
