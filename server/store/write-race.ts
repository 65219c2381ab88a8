import { DomainError } from '../domain-errors.ts'
import { valueKey, type ValueRow } from '../ingest/measurement.ts'
import type { StoreClient } from './client.ts'
import type { BatchJudgement, Kept } from './judge-batch.ts'
import { settleBatch, type Claim, type RivalRow } from './race-verdict.ts'
import { tsvRows } from './row-stream.ts'

/**
 * The store's side of settling a write race between api processes (the rule is in race-verdict.ts):
 * staging a batch's rows, reading back rival rows staged at its keys, publishing and reading claims,
 * logging a refusal. Only used when several processes share the store (QCLOOP_ROLE api/worker).
 */

/** How far back staged rows can still be a rival, in seconds: longer than any write takes, so a write that died mid-way stops counting. */
const RACE_WINDOW_S = 120

/** Stages the rows each batch is about to write, tagged with its write id. */
async function stageRows(store: StoreClient, rows: ValueRow[], idOf: Map<ValueRow, number>): Promise<void> {
  await store.bulk.insert({
    table: `${store.database}.qc_write_stage`,
    columns: ['write_id', 'instrument', 'param', 'setup', 'ts', 'product', 'value', 'status'],
    values: tsvRows(rows, (r) => [idOf.get(r)!, r.instrument, r.param, r.setup, r.tsMs, r.product, r.value, r.status]),
    format: 'TabSeparated',
  })
}

/** Rows staged at the written keys in the race window by other writes not refused since, by key. */
async function rivalRows(store: StoreClient, written: ValueRow[], mine: number[]): Promise<Map<string, (RivalRow & { status: number })[]>> {
  const out = new Map<string, (RivalRow & { status: number })[]>()
  const instruments = new Set<string>(), params = new Set<string>(), keys = new Set<string>()
  let lo = Infinity, hi = -Infinity
  for (const r of written) {
    instruments.add(r.instrument); params.add(r.param); keys.add(valueKey(r))
    if (r.tsMs < lo) lo = r.tsMs
    if (r.tsMs > hi) hi = r.tsMs
  }
  const db = store.database
  const rs = await store.bulk.query({
    query: `SELECT instrument, param, setup, toUnixTimestamp64Milli(ts), product, value, status, write_id FROM ${db}.qc_write_stage
      WHERE instrument IN {i:Array(String)} AND param IN {p:Array(String)}
        AND ts BETWEEN fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND fromUnixTimestamp64Milli({hi:Int64}, 'UTC')
        AND at > now64(3) - INTERVAL ${RACE_WINDOW_S} SECOND AND write_id NOT IN {mine:Array(UInt64)}
        AND write_id NOT IN (SELECT write_id FROM ${db}.qc_write_log WHERE kind = 'refused' AND at > now64(3) - INTERVAL ${RACE_WINDOW_S} SECOND)`,
    query_params: { i: [...instruments], p: [...params], lo, hi, mine },
    format: 'JSONCompactEachRow',
  })
  for (const [instrument, param, setup, ms, product, value, status, id] of await rs.json<[string, string, string, string, string, number, number, string]>()) {
    const key = valueKey({ instrument, param, setup, tsMs: Number(ms), product })
    if (!keys.has(key)) continue
    let list = out.get(key)
    if (!list) out.set(key, (list = []))
    list.push({ writeId: Number(id), value, status: Number(status) })
  }
  return out
}

/** Publishes claims (one row per batch), so rivals waiting on them can settle. */
async function publishClaims(store: StoreClient, claims: Claim[]): Promise<void> {
  await store.bulk.insert({
    table: `${store.database}.qc_write_log`, format: 'JSONEachRow',
    values: claims.map((c) => ({ kind: 'claim', write_id: c.id, instrument: '', params: [], from_ts: 0, saw: c.saw })),
  })
}

/** The claims published so far by the given writes. */
async function readClaims(store: StoreClient, ids: number[]): Promise<Map<number, Claim>> {
  const rs = await store.bulk.query({
    query: `SELECT write_id, saw FROM ${store.database}.qc_write_log
      WHERE kind = 'claim' AND at > now64(3) - INTERVAL ${RACE_WINDOW_S} SECOND AND write_id IN {ids:Array(UInt64)}`,
    query_params: { ids }, format: 'JSONCompactEachRow',
  })
  const out = new Map<number, Claim>()
  for (const [id, saw] of await rs.json<[string, string[]]>()) out.set(Number(id), { id: Number(id), saw: saw.map(Number) })
  return out
}

/** Logs that writes were refused: their staged rows stop being anyone's rival. */
export async function logRefused(store: StoreClient, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  await store.bulk.insert({
    table: `${store.database}.qc_write_log`, format: 'JSONEachRow',
    values: ids.map((id) => ({ kind: 'refused', write_id: id, instrument: '', params: [], from_ts: 0, saw: [] })),
  })
}

/**
 * Settles races with other processes' writes at the keys about to be written (race-verdict.ts):
 * stages the rows, reads back rival rows, publishes each batch's claim, waits for the rivals'
 * claims, then refuses a batch that lost a key to a different value (nothing of it reaches
 * qc_values) and counts a key lost to the same value as a duplicate (its row is still written:
 * identical rows collapse in the table, and the value stands even if the keeper was refused
 * elsewhere). Returns the batches that stand; the caller writes their rows.
 */
export async function settleRaces<B extends { j: BatchJudgement; reject(e: unknown): void }>(store: StoreClient, accepted: B[], ids: Map<BatchJudgement, number>, written: ValueRow[], waitMs: number): Promise<B[]> {
  const idOf = new Map(accepted.flatMap(({ j }) => j.kept.filter((k) => !k.dropped).map((k) => [k.row, ids.get(j)!] as const)))
  await stageRows(store, written, idOf)
  const rivals = await rivalRows(store, written, [...ids.values()])
  const per = accepted.map((batch) => {
    const j = batch.j
    const mine = new Map<string, { value: number; index: number; kept: Kept }>()
    const theirs = new Map<string, RivalRow[]>()
    for (const k of j.kept) {
      if (k.dropped) continue
      const key = valueKey(k.row)
      // Only rivals of the same status race; a final row outranks a preliminary one in the table anyway.
      const same = rivals.get(key)?.filter((r) => r.status === k.row.status)
      mine.set(key, { value: k.row.value, index: k.index, kept: k })
      if (same?.length) theirs.set(key, same)
    }
    const claim: Claim = { id: ids.get(j)!, saw: [...new Set([...theirs.values()].flat().map((r) => r.writeId))] }
    return { batch, mine, theirs, claim }
  })
  await publishClaims(store, per.map((b) => b.claim))
  const waitFor = [...new Set(per.flatMap((b) => b.claim.saw))]
  const claims = waitFor.length > 0 ? await awaitClaims(store, waitFor, waitMs) : new Map<number, Claim>()
  const standing: B[] = [], refused: B[] = []
  for (const b of per) {
    if (b.claim.saw.length === 0) { standing.push(b.batch); continue }
    const s = settleBatch(b.claim, b.mine, b.theirs, claims)
    if (s.conflicts.length > 0) {
      for (const c of s.conflicts) b.batch.j.conflict(c.index, c.value)
      refused.push(b.batch)
      continue
    }
    const r = b.batch.j.result
    for (const key of s.duplicateKeys) {
      r.accepted--; r.duplicates++
      if (b.mine.get(key)!.kept.replaces) r.replaced--
    }
    standing.push(b.batch)
  }
  // Logged before the refusals are answered, so a client's retry finds them settled.
  await logRefused(store, refused.map((b) => ids.get(b.j)!))
  for (const b of refused) {
    b.reject(new DomainError('conflict', 'conflicting_values', `${b.j.conflictCount} value(s) differ from values written for the same key at the same moment by another process; nothing was written`, b.j.conflicts))
  }
  return standing
}

/** The rivals' claims, polled every 25 ms until all have come or the wait ends (a missing claim counts as having seen nothing). */
async function awaitClaims(store: StoreClient, ids: number[], waitMs: number): Promise<Map<number, Claim>> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const got = await readClaims(store, ids)
    if (got.size === ids.length || Date.now() >= deadline) return got
    await new Promise((r) => setTimeout(r, 25))
  }
}
