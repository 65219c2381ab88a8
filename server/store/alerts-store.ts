import type { StoreClient } from './client.ts'
import { limitsSql, ruleDefsOf } from './rule-defs.ts'
import { scoredValuesSql } from './score-sql.ts'

/**
 * Alerts as stored: each alert's newest state, the history of its transitions, the outbox of
 * notifications, and the recent scores a critical alert's email draws. The alert engine and the
 * outbox (alerts/) decide; this module only reads and writes.
 */

/** An alert's state row, times in ms since 1970 (null where absent). */
export interface AlertRow {
  key: string; instrument: string; kind: string; state: string; since: number; clearSince: number | null; title: string; details: Record<string, unknown>
  notifiedState: string; notifiedAt: number; ackedBy: string; silencedUntil: number | null; silenceReason: string
}
export interface HistoryRow { key: string; instrument: string; from: string; to: string; title: string }
export interface OutboxMessage {
  id: string; instrument: string; recipients: string[]; subject: string; text: string; html: string; image: string
  /** 'email' (default) or 'webhook:NAME'; a webhook's message carries the body to post in `payload`. */
  channel?: string; payload?: string
}
export interface OutboxState { status: string; attempts: number; next_attempt: number; error: string; created_at: number; sent_at: number | null }

const t = (v: string | null) => (v === null ? null : Date.parse(v.replace(' ', 'T') + 'Z'))

/** Every alert's newest state. */
export async function readAlertStates(store: StoreClient): Promise<AlertRow[]> {
  const rs = await store.client.query({
    query: `SELECT key, instrument, kind, state, toString(since) AS since, toString(clear_since) AS clear_since, title, details, notified_state,
        toString(notified_at) AS notified_at, acked_by, toString(silenced_until) AS silenced_until, silence_reason
      FROM ${store.database}.alerts FINAL`,
    format: 'JSONEachRow',
  })
  return (await rs.json<Record<string, string | null>>()).map((r) => ({
    key: r.key!, instrument: r.instrument!, kind: r.kind!, state: r.state!, since: t(r.since)!, clearSince: t(r.clear_since),
    title: r.title!, details: JSON.parse(r.details || '{}'), notifiedState: r.notified_state ?? '', notifiedAt: t(r.notified_at)!,
    ackedBy: r.acked_by ?? '', silencedUntil: t(r.silenced_until), silenceReason: r.silence_reason ?? '',
  }))
}

/** New versions of alert states (the newest `at` wins). */
export async function writeAlertStates(store: StoreClient, states: AlertRow[], at: number): Promise<void> {
  if (states.length === 0) return
  await store.client.insert({
    table: `${store.database}.alerts`, format: 'JSONEachRow',
    values: states.map((a) => ({
      key: a.key, instrument: a.instrument, kind: a.kind, state: a.state, since: a.since, clear_since: a.clearSince, title: a.title, details: JSON.stringify(a.details),
      notified_state: a.notifiedState, notified_at: a.notifiedAt, acked_by: a.ackedBy, acked_at: a.ackedBy ? at : null,
      silenced_until: a.silencedUntil, silence_reason: a.silenceReason, silenced_by: '', updated_at: at,
    })),
  })
}

/** Appends state transitions to the history. */
export async function writeAlertHistory(store: StoreClient, rows: HistoryRow[], at: number): Promise<void> {
  if (rows.length === 0) return
  await store.client.insert({
    table: `${store.database}.alert_history`, format: 'JSONEachRow',
    values: rows.map((h) => ({ at, key: h.key, instrument: h.instrument, from_state: h.from, to_state: h.to, title: h.title })),
  })
}

/** The newest 200 transitions. */
export async function readAlertHistory(store: StoreClient): Promise<{ at: string; key: string; instrument: string; from_state: string; to_state: string; title: string }[]> {
  const rs = await store.client.query({ query: `SELECT toString(at) AS at, key, instrument, from_state, to_state, title FROM ${store.database}.alert_history ORDER BY at DESC LIMIT 200`, format: 'JSONEachRow' })
  return rs.json()
}

/** Whether a notification with this id was ever queued (sent or not). */
export async function outboxHas(store: StoreClient, id: string): Promise<boolean> {
  const rs = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.alert_outbox WHERE id = {id:String}`, query_params: { id }, format: 'JSONEachRow' })
  return Number((await rs.json<{ n: string }>())[0].n) > 0
}

/** Pending notifications due at `now`, oldest first. */
export async function readDueOutbox(store: StoreClient, now: number): Promise<(OutboxMessage & { attempts: number; created: number })[]> {
  const rs = await store.client.query({
    query: `SELECT id, instrument, recipients, subject, text, html, image, channel, payload, attempts, toUnixTimestamp64Milli(created_at) AS created
      FROM ${store.database}.alert_outbox FINAL
      WHERE status = 'pending' AND next_attempt <= fromUnixTimestamp64Milli({now:Int64}, 'UTC') ORDER BY created_at`,
    query_params: { now }, format: 'JSONEachRow',
  })
  return (await rs.json<OutboxMessage & { attempts: number; created: string }>()).map((r) => ({ ...r, created: Number(r.created) }))
}

/** A notification's newest state in the outbox. */
export async function writeOutbox(store: StoreClient, m: OutboxMessage, s: OutboxState, at: number): Promise<void> {
  await store.client.insert({
    table: `${store.database}.alert_outbox`, format: 'JSONEachRow',
    values: [{ id: m.id, instrument: m.instrument, recipients: m.recipients, subject: m.subject, text: m.text, html: m.html, image: m.image, channel: m.channel ?? 'email', payload: m.payload ?? '', ...s, updated_at: at }],
  })
}

/** A series' scored values since `fromMs` (marked-false ones left out): what an alert email draws. */
export async function readRecentScores(store: StoreClient, instrument: string, param: string, setup: string, fromMs: number): Promise<{ t: number; value: number; score: number; critLo: number; critHi: number }[]> {
  const rs = await store.client.query({
    query: `SELECT toUnixTimestamp64Milli(sc.ts) AS t, sc.value AS value, sc.score AS score, ${limitsSql('sc', 'd')[2]} AS crit_lo, ${limitsSql('sc', 'd')[3]} AS crit_hi
      FROM (SELECT ts, value, score, rule_key, reference, sigma
        FROM ${scoredValuesSql(store.database, "instrument = {i:String} AND param = {p:String} AND setup = {s:String} AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')")}
        WHERE cause != 'excluded') AS sc
      LEFT JOIN ${ruleDefsOf(store.database, '{i:String}')} AS d ON sc.rule_key = d.def_key
      ORDER BY t`,
    query_params: { i: instrument, p: param, s: setup, from: fromMs }, format: 'JSONEachRow',
  })
  return (await rs.json<{ t: string; value: number; score: number; crit_lo: number; crit_hi: number }>()).map((r) => ({ t: Number(r.t), value: r.value, score: r.score, critLo: r.crit_lo, critHi: r.crit_hi }))
}

/** The outbox by state (pending with no attempt yet = queued, pending after a failure = failing, sent), and the age of the oldest unsent message in ms. */
export async function outboxSummary(store: StoreClient, now: number): Promise<{ queued: number; failing: number; sent: number; oldestUnsentMs: number }> {
  const rs = await store.client.query({
    query: `SELECT countIf(status = 'pending' AND attempts = 0) AS queued, countIf(status = 'pending' AND attempts > 0) AS failing, countIf(status = 'sent') AS sent,
        toUnixTimestamp64Milli(minIf(created_at, status = 'pending')) AS oldest, countIf(status = 'pending') AS unsent
      FROM ${store.database}.alert_outbox FINAL`,
    format: 'JSONEachRow',
  })
  const [r] = await rs.json<{ queued: string; failing: string; sent: string; oldest: string; unsent: string }>()
  return { queued: Number(r.queued), failing: Number(r.failing), sent: Number(r.sent), oldestUnsentMs: Number(r.unsent) > 0 ? Math.max(0, now - Number(r.oldest)) : 0 }
}
