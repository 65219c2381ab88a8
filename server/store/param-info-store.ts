import type { StoreClient } from './client.ts'

/** What is known of a parameter besides its values, and where it came from ('dictionary': an ESO QC dictionary; 'comment': its card's comment). */
export interface ParamInfo { instrument: string; param: string; unit: string; description: string; source: 'dictionary' | 'comment' }

/** Records units and descriptions read from products (newest wins per instrument and parameter). */
export async function writeParamInfo(store: StoreClient, rows: ParamInfo[], atMs: number): Promise<void> {
  if (rows.length === 0) return
  await store.client.insert({
    table: `${store.database}.qc_param_info`, format: 'JSONEachRow',
    values: rows.map((r) => ({ ...r, at: atMs })),
  })
}

/** Every recorded parameter's unit and description. */
export async function readParamInfo(store: StoreClient): Promise<ParamInfo[]> {
  const rs = await store.client.query({ query: `SELECT instrument, param, unit, description, source FROM ${store.database}.qc_param_info FINAL`, format: 'JSONEachRow' })
  return rs.json<ParamInfo>()
}
