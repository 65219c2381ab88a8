import { MAX_LISTED_PROBLEMS, type RowProblem } from '../domain-errors.ts'
import { valueKey, type ValueRow } from '../ingest/measurement.ts'

/** What a write did: new rows, exact re-sends, preliminary values that a final one replaced or outranks. */
export interface WriteResult {
  accepted: number
  duplicates: number
  /** Final values that replaced stored preliminary ones (counted in `accepted`). */
  replaced: number
  /** Preliminary values not written because a final value is already stored. */
  superseded: number
}

type Verdict = 'duplicate' | 'replace' | 'superseded' | 'conflict'

/**
 * Decides what to do with an incoming value given the stored one (or an earlier
 * one of the same batch) with the same key. Only `final` over `preliminary` may
 * change a stored value; any other difference is a conflict, never an overwrite.
 */
export function judge(incoming: { value: number; status: 1 | 2 }, stored: { value: number; status: 1 | 2 }): Verdict {
  if (incoming.status > stored.status) return 'replace'
  if (incoming.status < stored.status) return incoming.value === stored.value ? 'duplicate' : 'superseded'
  return incoming.value === stored.value ? 'duplicate' : 'conflict'
}

export interface Kept { row: ValueRow; index: number; replaces: boolean; dropped: boolean }

/** One batch under judgement: the rows it will write, its counts, and its conflicts. */
export class BatchJudgement {
  readonly result: WriteResult = { accepted: 0, duplicates: 0, replaced: 0, superseded: 0 }
  readonly conflicts: RowProblem[] = []
  conflictCount = 0
  readonly kept: Kept[] = []

  /**
   * Collapses the batch on its own keys. Sorting by time first means only rows
   * sharing a time need key strings: far cheaper than keying every row.
   */
  constructor(readonly rows: ValueRow[]) {
    const order = rows.map((_, i) => i).sort((a, b) => rows[a].tsMs - rows[b].tsMs)
    for (let i = 0; i < order.length; ) {
      let j = i + 1
      while (j < order.length && rows[order[j]].tsMs === rows[order[i]].tsMs) j++
      if (j - i === 1) this.kept.push({ row: rows[order[i]], index: order[i], replaces: false, dropped: false })
      else {
        const same = new Map<string, Kept>()
        for (let k = i; k < j; k++) {
          const index = order[k], row = rows[index], key = valueKey(row)
          const seen = same.get(key)
          if (!seen) { same.set(key, { row, index, replaces: false, dropped: false }); continue }
          const v = judge(row, seen.row)
          if (v === 'conflict') this.conflict(index, seen.row.value)
          else if (v === 'replace') { this.result.superseded++; same.set(key, { row, index, replaces: false, dropped: false }) }
          else if (v === 'superseded') this.result.superseded++
          else this.result.duplicates++
        }
        this.kept.push(...same.values())
      }
      i = j
    }
  }

  conflict(row: number, stored: number): void {
    this.conflictCount++
    if (this.conflicts.length < MAX_LISTED_PROBLEMS) {
      this.conflicts.push({ row, field: 'value', reason: `a different value (${stored}) is already stored for this instrument, param, setup, ts and product` })
    }
  }

  /** Judges the kept rows against values already stored (or accepted earlier in the same group). */
  compare(stored: Map<string, { value: number; status: 1 | 2 }>): void {
    if (stored.size === 0) return
    for (const k of this.kept) {
      const old = stored.get(valueKey(k.row))
      if (!old) continue
      const v = judge(k.row, old)
      if (v === 'conflict') this.conflict(k.index, old.value)
      else if (v === 'replace') k.replaces = true
      else { k.dropped = true; if (v === 'duplicate') this.result.duplicates++; else this.result.superseded++ }
    }
  }

  /** The rows to insert; fills in accepted and replaced. */
  toWrite(): ValueRow[] {
    const out: ValueRow[] = []
    for (const k of this.kept) {
      if (k.dropped) continue
      out.push(k.row)
      if (k.replaces) this.result.replaced++
    }
    this.result.accepted = out.length
    return out
  }
}
