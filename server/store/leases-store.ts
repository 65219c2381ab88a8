import type { StoreClient } from './client.ts'

/** A lease as stored: who holds it and until when (ms). */
export interface LeaseRow { holder: string; expiresMs: number; updatedMs: number }

/** The newest row of a lease, or null when nobody ever held it. */
export async function readLease(store: StoreClient, name: string): Promise<LeaseRow | null> {
  const rs = await store.client.query({
    query: `SELECT holder, toUnixTimestamp64Milli(expires_at) AS e, toUnixTimestamp64Milli(updated_at) AS u FROM ${store.database}.qc_leases FINAL WHERE name = {n:String}`,
    query_params: { n: name }, format: 'JSONEachRow',
  })
  const [r] = await rs.json<{ holder: string; e: string; u: string }>()
  return r ? { holder: r.holder, expiresMs: Number(r.e), updatedMs: Number(r.u) } : null
}

/** Writes a lease's newest state (taking it, renewing it, or giving it up with an expiry in the past). */
export async function writeLease(store: StoreClient, name: string, l: LeaseRow): Promise<void> {
  await store.client.insert({ table: `${store.database}.qc_leases`, format: 'JSONEachRow', values: [{ name, holder: l.holder, expires_at: l.expiresMs, updated_at: l.updatedMs }] })
}
