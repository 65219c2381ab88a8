import { ApiError, MAX_LISTED_PROBLEMS, type RowProblem } from '../http/api-error.ts'
import { valueKey, type ValueRow } from '../ingest/measurement.ts'
import type { StoreClient } from './client.ts'
import { Mutex } from './mutex.ts'

/** What a write did: new rows, exact re-sends, preliminary values that a final one replaced or outranks. */
export interface WriteResult {
  accepted: number
  duplicates: number
  /** Final values that replaced stored preliminary ones (counted in `accepted`). */
  replaced: number
  /** Preliminary values not written because a final value is already stored. */
  superseded: number
}

type Verdict = 'new' | 'duplicate' | 'replace' | 'superseded' | 'conflict'

/**
 * Decides what to do with an incoming value given the stored one (or another
 * of the same batch) with the same key. Only `final` over `preliminary` may
 * change a stored value; any other difference is a conflict, never an overwrite.
 */
export function judge(incoming: { value: number; status: 1 | 2 }, stored: { value: number; status: 1 | 2 }): Verdict {
  if (incoming.status > stored.status) return 'replace'
  if (incoming.status < stored.status) return incoming.value === stored.value ? 'duplicate' : 'superseded'
  return Object.is(incoming.value, stored.value) || incoming.value === stored.value ? 'duplicate' : 'conflict'
}

/**
 * Writes values all-or-nothing and idempotently. Writes are serialised in this
 * process so the duplicate check and the insert see the same store.
 *
 * @example
 * const w = new ValuesWriter(store)
 * await w.write(rows) // { accepted: 3, duplicates: 0, replaced: 0, superseded: 0 }
 */
export class ValuesWriter {
  #mutex = new Mutex()
  constructor(private store: StoreClient, private clock: () => number = Date.now) {}

  write(rows: ValueRow[]): Promise<WriteResult> {
    return this.#mutex.run(() => this.#write(rows))
  }

  async #write(rows: ValueRow[]): Promise<WriteResult> {
    const result: WriteResult = { accepted: 0, duplicates: 0, replaced: 0, superseded: 0 }
    const conflicts: RowProblem[] = []
    let conflictCount = 0
    const conflict = (row: number, stored: number) => {
      conflictCount++
      if (conflicts.length < MAX_LISTED_PROBLEMS) {
        conflicts.push({ row, field: 'value', reason: `a different value (${stored}) is already stored for this instrument, param, setup, ts and product` })
      }
    }
    // 1. Collapse the batch on its own keys. Sorting indices by time first means only
    //    rows with equal times need a key string: far cheaper than keying every row.
    const order = rows.map((_, i) => i).sort((a, b) => rows[a].tsMs - rows[b].tsMs)
    const keep: { row: ValueRow; index: number; replaces: boolean }[] = []
    for (let i = 0; i < order.length; ) {
      let j = i + 1
      while (j < order.length && rows[order[j]].tsMs === rows[order[i]].tsMs) j++
      if (j - i === 1) keep.push({ row: rows[order[i]], index: order[i], replaces: false })
      else {
        const same = new Map<string, { row: ValueRow; index: number; replaces: boolean }>()
        for (let k = i; k < j; k++) {
          const index = order[k], row = rows[index], key = valueKey(row)
          const seen = same.get(key)
          if (!seen) { same.set(key, { row, index, replaces: false }); continue }
          const v = judge(row, seen.row)
          if (v === 'conflict') conflict(index, seen.row.value)
          else if (v === 'replace') { result.superseded++; same.set(key, { row, index, replaces: false }) }
          else if (v === 'superseded') result.superseded++
          else result.duplicates++
        }
        keep.push(...same.values())
      }
      i = j
    }
    // 2. Compare with what is stored (usually nothing: new nights' values).
    const stored = await this.#storedMatching(rows)
    const drop = new Set<object>()
    if (stored.length > 0) {
      const byKey = new Map(keep.map((k) => [valueKey(k.row), k]))
      for (const old of stored) {
        const mine = byKey.get(valueKey(old))
        if (!mine) continue
        const v = judge(mine.row, old)
        if (v === 'conflict') conflict(mine.index, old.value)
        else if (v === 'replace') mine.replaces = true
        else { drop.add(mine); if (v === 'duplicate') result.duplicates++; else result.superseded++ }
      }
    }
    if (conflictCount > 0) {
      throw new ApiError(409, 'conflicting_values', `${conflictCount} value(s) differ from values already stored or sent for the same key; nothing was written`, conflicts)
    }
    // 3. Insert what is new, in one statement.
    // DateTime64(3) reads an integer as milliseconds since the epoch (no text formatting per row).
    const now = this.clock()
    const values: unknown[][] = []
    for (const k of keep) {
      if (drop.has(k)) continue
      const { row, replaces } = k
      values.push([row.instrument, row.param, row.setup, row.tsMs, row.product, row.report, row.value, row.status, now])
      if (replaces) result.replaced++
    }
    if (values.length > 0) {
      await this.store.client.insert({
        table: `${this.store.database}.qc_values`,
        columns: ['instrument', 'param', 'setup', 'ts', 'product', 'report', 'value', 'status', 'ingested_at'],
        values,
        format: 'JSONCompactEachRow',
      })
    }
    result.accepted = values.length
    return result
  }

  /** Stored values that may share a key with the batch, narrowed by the primary key. */
  async #storedMatching(rows: ValueRow[]): Promise<ValueRow[]> {
    if (rows.length === 0) return []
    const instruments = new Set<string>(), params = new Set<string>()
    let lo = Infinity, hi = -Infinity
    for (const r of rows) {
      instruments.add(r.instrument); params.add(r.param)
      if (r.tsMs < lo) lo = r.tsMs
      if (r.tsMs > hi) hi = r.tsMs
    }
    const rs = await this.store.client.query({
      query: `SELECT instrument, param, setup, toUnixTimestamp64Milli(ts), product, value, status
        FROM ${this.store.database}.qc_values FINAL
        WHERE instrument IN {i:Array(String)} AND param IN {p:Array(String)}
          AND ts BETWEEN fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND fromUnixTimestamp64Milli({hi:Int64}, 'UTC')`,
      query_params: { i: [...instruments], p: [...params], lo, hi },
      format: 'JSONCompactEachRow',
    })
    const out = await rs.json<[string, string, string, string, string, number, number]>()
    return out.map(([instrument, param, setup, ms, product, value, status]) => ({
      instrument, param, setup, tsMs: Number(ms), product, value, status: Number(status) as 1 | 2, report: '',
    }))
  }
}
