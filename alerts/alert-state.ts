import type { StoreClient } from '../server/store/client.ts'
import type { AlertKind } from './conditions.ts'

export type AlertStateName = 'pending' | 'firing' | 'resolved'

/** An alert as persisted: the state machine pending → firing → resolved, and what people were told. */
export interface AlertState {
  key: string
  instrument: string
  kind: AlertKind
  state: AlertStateName
  since: number
  /** Since when the condition has been absent while firing (hysteresis against flapping). */
  clearSince: number | null
  title: string
  details: Record<string, unknown>
  /** The state last included in an email ('' = never notified). */
  notifiedState: '' | 'firing' | 'resolved'
  notifiedAt: number
  ackedBy: string
  silencedUntil: number | null
  silenceReason: string
}

const t = (v: string | null) => (v === null ? null : Date.parse(v.replace(' ', 'T') + 'Z'))

/** Loads every alert's newest state. */
export async function loadStates(store: StoreClient): Promise<Map<string, AlertState>> {
  const rs = await store.client.query({
    query: `SELECT key, instrument, kind, state, toString(since) AS since, toString(clear_since) AS clear_since, title, details, notified_state,
        toString(notified_at) AS notified_at, acked_by, toString(silenced_until) AS silenced_until, silence_reason
      FROM ${store.database}.alerts FINAL`,
    format: 'JSONEachRow',
  })
  const out = new Map<string, AlertState>()
  for (const r of await rs.json<Record<string, string | null>>()) {
    out.set(r.key!, {
      key: r.key!, instrument: r.instrument!, kind: r.kind as AlertKind, state: r.state as AlertStateName, since: t(r.since)!, clearSince: t(r.clear_since),
      title: r.title!, details: JSON.parse(r.details || '{}'), notifiedState: r.notified_state as AlertState['notifiedState'], notifiedAt: t(r.notified_at)!,
      ackedBy: r.acked_by ?? '', silencedUntil: t(r.silenced_until), silenceReason: r.silence_reason ?? '',
    })
  }
  return out
}

/** Persists new versions of alert states (newest updated_at wins). */
export async function saveStates(store: StoreClient, states: AlertState[], at: number): Promise<void> {
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
