import type { StoreClient } from '../server/store/client.ts'
import { readAlertStates, writeAlertStates } from '../server/store/alerts-store.ts'
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

/** Loads every alert's newest state. */
export async function loadStates(store: StoreClient): Promise<Map<string, AlertState>> {
  return new Map((await readAlertStates(store)).map((r) => [r.key, r as AlertState]))
}

/** Persists new versions of alert states (newest updated_at wins). */
export async function saveStates(store: StoreClient, states: AlertState[], at: number): Promise<void> {
  await writeAlertStates(store, states, at)
}
