import type { StoreClient } from './client.ts'

/** A threshold change as kept in the audit log (kind 'rule'): the payload holds the rule id, the rule and its start. */
export interface StoredRuleChange { instrument: string; by: string; why: string; atMs: number; payload: { id: string; rule: unknown; fromMs: number } }

/** Every threshold change made through the API, oldest first (the audit log is their record: append-only). */
export async function readRuleChanges(store: StoreClient): Promise<StoredRuleChange[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, by, why, toUnixTimestamp64Milli(at) AS at, payload FROM ${store.database}.qc_actions WHERE kind = 'rule' ORDER BY at`,
    format: 'JSONEachRow',
  })
  return (await rs.json<{ instrument: string; by: string; why: string; at: string; payload: string }>()).map((r) => ({ instrument: r.instrument, by: r.by, why: r.why, atMs: Number(r.at), payload: JSON.parse(r.payload) }))
}

/** Records a threshold change (an audit-log entry of kind 'rule'). */
export async function writeRuleChange(store: StoreClient, c: StoredRuleChange): Promise<void> {
  await store.client.insert({
    table: `${store.database}.qc_actions`,
    values: [{ at: c.atMs, kind: 'rule', instrument: c.instrument, by: c.by, why: c.why, payload: JSON.stringify(c.payload) }],
    format: 'JSONEachRow',
  })
}
