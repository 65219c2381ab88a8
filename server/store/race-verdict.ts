/**
 * How two api processes that write the same key at the same moment agree, without a lock, on which
 * of them keeps it. ClickHouse has no transactions, so each write (a batch, with a random id) first
 * stages its rows (qc_write_stage), then reads back which rival writes staged rows at its keys
 * (`saw`), then publishes that as its claim, then waits for the claims of the rivals it saw; only
 * then does what stands reach qc_values. Reads after a completed insert see it, so of two
 * overlapping writes at least one sees the other:
 *
 *   - both saw each other → the lower id keeps, the higher one loses;
 *   - only I saw the rival → the rival staged first and read back before my rows existed; it
 *     never waits for me and keeps, so I lose.
 *
 * Each pair therefore has exactly one keeper, whatever the timing, and with any number of writers
 * at most one keeps a key. A loser's keys with the keeper's value are duplicates; a different
 * value refuses the loser's whole batch (409) before any of it reaches qc_values, and its refusal
 * is logged so its staged rows stop counting. Limits: with three or more writers on one key at
 * once, a write may lose to a rival that itself lost elsewhere, so all may refuse (nothing is
 * stored; the clients retry) or a duplicate is stored but counted as accepted by nobody; a rival
 * that never claims within the wait (it died after staging) counts as having seen nothing, so I
 * lose to it, and its staged rows count as a rival for two minutes (RACE_WINDOW_S). Preliminary against final is not a race:
 * the final row outranks the other in the table (ReplacingMergeTree by status) either way.
 * Pure: no I/O.
 *
 * @example
 * keepsAgainst({ id: 3, saw: [8] }, { id: 8, saw: [3] }) // true: mutual, 3 < 8
 */
export interface Claim {
  id: number
  /** Rival write ids whose rows this write found at its keys after inserting. */
  saw: readonly number[]
}

/** Whether write `me` keeps the keys it shares with a rival it saw, given the rival's claim (undefined: none came). */
export function keepsAgainst(me: Claim, rival: Claim | undefined): boolean {
  if (!rival || !rival.saw.includes(me.id)) return false
  return me.id < rival.id
}

/** A rival's row at one of my keys, as read back after my insert. */
export interface RivalRow { writeId: number; value: number }

/** What my batch ends with after settling: keys that became duplicates, rows refused for a different value. */
export interface Settled {
  /** Keys whose rows the keeper wrote with my value: counted as duplicates, not accepted. */
  duplicateKeys: string[]
  /** My rows (index in the batch) whose key the keeper holds with another value: the batch is refused. */
  conflicts: { index: number; value: number }[]
}

/**
 * Settles one batch: for each of its keys with rival rows, whether it keeps the key against every
 * rival there, and if not, whether the keeper's value equals its own.
 */
export function settleBatch(me: Claim, mine: Map<string, { value: number; index: number }>, rivals: Map<string, RivalRow[]>, claims: Map<number, Claim>): Settled {
  const out: Settled = { duplicateKeys: [], conflicts: [] }
  for (const [key, rows] of rivals) {
    const m = mine.get(key)
    if (!m) continue
    const lostTo = rows.filter((r) => !keepsAgainst(me, claims.get(r.writeId)))
    if (lostTo.length === 0) continue
    const other = lostTo.find((r) => r.value !== m.value)
    if (other) out.conflicts.push({ index: m.index, value: other.value })
    else out.duplicateKeys.push(key)
  }
  return out
}
