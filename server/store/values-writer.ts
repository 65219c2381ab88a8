import { DomainError } from '../domain-errors.ts'
import { valueKey, type ValueRow } from '../ingest/measurement.ts'
import type { StoreClient } from './client.ts'
import { BatchJudgement, type WriteResult } from './judge-batch.ts'
import { tsvRows } from './row-stream.ts'
import { StoreSpace } from './store-errors.ts'
import { logRefused, settleRaces } from './write-race.ts'
import { logWritten } from './write-log.ts'

export type { WriteResult } from './judge-batch.ts'

/** What one committed group wrote for one instrument. */
export interface Written {
  instrument: string
  params: string[]
  fromMs: number
  toMs: number
  /** Values written for the instrument. */
  count: number
}

interface Pending {
  rows: ValueRow[]
  resolve(r: WriteResult): void
  reject(e: unknown): void
}

export interface WriterOptions {
  /**
   * Several processes write this store (QCLOOP_ROLE api/worker): each batch is staged with a write
   * id and races on a key between processes are settled before anything reaches qc_values
   * (write-race.ts), and what stands is logged for the worker and the other processes' caches
   * (write-log.ts). Off, a lone process needs none of it.
   */
  shared?: boolean
  /** How long a write waits for the claims of rivals it saw, in ms (default 10 s). */
  claimWaitMs?: number
}

/** A random write id below 2^53, so it survives JSON numbers both ways. */
const newWriteId = () => Math.floor(Math.random() * 2 ** 52) + 1

/** A group stops growing at this many rows, so one insert stays a bounded size. */
const GROUP_ROWS = 500_000

/**
 * Writes values all-or-nothing per batch and idempotently, with group commit:
 * batches that arrive while a write is running are judged together and stored
 * in one INSERT, so many small products cost one round trip instead of many.
 * Each batch is still judged on its own: a conflicting batch is refused (409)
 * while the others of its group are written. Writes are serialised in this
 * process, so the duplicate check and the insert see the same store; when other
 * processes write too (`shared`), a race on a key between processes is settled
 * in a staging table before the insert (race-verdict.ts: one keeper per key, the
 * loser refused or counted as duplicate).
 *
 * @example
 * const w = new ValuesWriter(store)
 * await w.write(rows) // { accepted: 3, duplicates: 0, replaced: 0, superseded: 0 }
 */
export class ValuesWriter {
  #queue: Pending[] = []
  #draining = false
  #generations = new Map<string, number>()
  #listeners: ((w: Written) => void)[] = []
  /** Out-of-space state of the store, as seen by this writer's inserts. */
  readonly space: StoreSpace
  constructor(private store: StoreClient, private clock: () => number = Date.now, private o: WriterOptions = {}) {
    this.space = new StoreSpace(clock)
  }

  /**
   * A number that changes whenever values of the instrument are written: caches
   * of derived data (series, scores) compare it to know they are still valid.
   */
  generation(instrument: string): number {
    return this.#generations.get(instrument) ?? 0
  }

  /** Changes whenever any values are written (caches over every instrument, e.g. the catalogue). */
  generationAll(): number {
    return this.#all
  }
  #all = 0

  /** Calls `fn` for each instrument written, after every committed group. */
  onWritten(fn: (w: Written) => void): void {
    this.#listeners.push(fn)
  }

  /** Writes one batch, all or nothing. */
  write(rows: ValueRow[]): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject })
      if (!this.#draining) void this.#drain()
    })
  }

  async #drain(): Promise<void> {
    this.#draining = true
    while (this.#queue.length > 0) {
      // Let requests whose bodies are already parsed join this group (one event-loop turn).
      await new Promise((r) => setImmediate(r))
      const group: Pending[] = []
      let size = 0
      while (this.#queue.length > 0 && (group.length === 0 || size + this.#queue[0].rows.length <= GROUP_ROWS)) {
        const p = this.#queue.shift()!
        group.push(p)
        size += p.rows.length
      }
      try {
        await this.#writeGroup(group)
      } catch (e) {
        if (group.length === 1) group[0].reject(e)
        // One batch's failure must not fail its neighbours: write each alone, so only the culprit fails.
        else for (const p of group) await this.#writeGroup([p]).catch((err: unknown) => p.reject(err))
      }
    }
    this.#draining = false
  }

  async #writeGroup(group: Pending[]): Promise<void> {
    const judgements = group.map((p) => new BatchJudgement(p.rows))
    const stored = await this.#storedMatching(group.flatMap((p) => p.rows))
    let toWrite: ValueRow[] = []
    let accepted: { p: Pending; j: BatchJudgement; reject(e: unknown): void }[] = []
    group.forEach((p, i) => {
      const j = judgements[i]
      j.compare(stored)
      if (j.conflictCount > 0) {
        p.reject(new DomainError('conflict', 'conflicting_values', `${j.conflictCount} value(s) differ from values already stored or sent for the same key; nothing was written`, j.conflicts))
        return
      }
      const rows = j.toWrite()
      // Later batches of the group see this one's values as stored.
      if (group.length > 1) for (const r of rows) stored.set(valueKey(r), r)
      for (const r of rows) toWrite.push(r) // not push(...rows): a 200k-row batch would overflow the call stack
      accepted.push({ p, j, reject: p.reject })
    })
    const now = this.clock()
    // Shared store: each batch gets a write id by which a race with another process is settled (write-race.ts).
    const ids = this.o.shared && toWrite.length > 0 ? new Map(accepted.map(({ j }) => [j, newWriteId()])) : undefined
    if (ids) {
      // Whatever fails from here on, the staged rows stop being anyone's rival (best effort) before the error goes up.
      const refuse = async (e: unknown) => { await logRefused(this.store, [...ids.values()]).catch(() => {}); throw e }
      accepted = await settleRaces(this.store, accepted, ids, toWrite, this.o.claimWaitMs ?? 10_000).catch(refuse)
      toWrite = accepted.flatMap(({ j }) => j.kept.filter((k) => !k.dropped).map((k) => k.row))
      await this.#insert(toWrite, now).catch(refuse)
    } else await this.#insert(toWrite, now)
    const touched = new Map<string, Written>()
    for (const r of toWrite) {
      let w = touched.get(r.instrument)
      if (!w) touched.set(r.instrument, (w = { instrument: r.instrument, params: [], fromMs: r.tsMs, toMs: r.tsMs, count: 0 }))
      w.count++
      if (!w.params.includes(r.param)) w.params.push(r.param)
      if (r.tsMs < w.fromMs) w.fromMs = r.tsMs
      if (r.tsMs > w.toMs) w.toMs = r.tsMs
    }
    for (const i of touched.keys()) this.#generations.set(i, this.generation(i) + 1)
    if (touched.size > 0) this.#all++
    // Stamped when logged, not when the group began: a worker's watermark may already have passed
    // the start of a write that took longer than its lag (staging, claims, a big insert).
    if (ids) await logWritten(this.store, [...touched.values()], this.clock())
    for (const { p, j } of accepted) p.resolve(j.result)
    for (const w of touched.values()) for (const fn of this.#listeners) fn(w)
  }

  /** One INSERT of the group's rows into qc_values, stamped `now` (ms). */
  async #insert(toWrite: ValueRow[], now: number): Promise<void> {
    if (toWrite.length === 0) return
    // Provenance columns are sent only when some value came from a product file:
    // a plain measurement batch then costs the engine four fewer columns to parse.
    const withOrigin = toWrite.some((r) => r.origin)
    const base: [string, ...string[]] = ['instrument', 'param', 'setup', 'ts', 'product', 'report', 'value', 'status', 'ingested_at']
    await this.space.guard(() => this.store.bulk.insert({
      table: `${this.store.database}.qc_values`,
      columns: withOrigin ? [...base, 'file', 'pro_catg', 'recipe', 'pipeline'] as [string, ...string[]] : base,
      // DateTime64(3) reads an integer as milliseconds since the epoch: no text formatting per row.
      values: tsvRows(toWrite, (r) => {
        const v: (string | number)[] = [r.instrument, r.param, r.setup, r.tsMs, r.product, r.report, r.value, r.status, now]
        if (withOrigin) v.push(r.origin?.file ?? '', r.origin?.proCatg ?? '', r.origin?.recipe ?? '', r.origin?.pipeline ?? '')
        return v
      }),
      format: 'TabSeparated',
    }))
  }

  /** Stored values that may share a key with the rows, narrowed by the primary key. */
  async #storedMatching(rows: ValueRow[]): Promise<Map<string, { value: number; status: 1 | 2 }>> {
    const out = new Map<string, { value: number; status: 1 | 2 }>()
    if (rows.length === 0) return out
    const instruments = new Set<string>(), params = new Set<string>()
    let lo = Infinity, hi = -Infinity
    for (const r of rows) {
      instruments.add(r.instrument); params.add(r.param)
      if (r.tsMs < lo) lo = r.tsMs
      if (r.tsMs > hi) hi = r.tsMs
    }
    // No FINAL: a key may still have an unmerged preliminary and final row; the higher status wins below.
    const rs = await this.store.bulk.query({
      query: `SELECT instrument, param, setup, toUnixTimestamp64Milli(ts), product, value, status
        FROM ${this.store.database}.qc_values
        WHERE instrument IN {i:Array(String)} AND param IN {p:Array(String)}
          AND ts BETWEEN fromUnixTimestamp64Milli({lo:Int64}, 'UTC') AND fromUnixTimestamp64Milli({hi:Int64}, 'UTC')`,
      query_params: { i: [...instruments], p: [...params], lo, hi },
      format: 'JSONCompactEachRow',
    })
    for (const [instrument, param, setup, ms, product, value, status] of await rs.json<[string, string, string, string, string, number, number]>()) {
      const key = valueKey({ instrument, param, setup, tsMs: Number(ms), product })
      const st = Number(status) as 1 | 2
      if ((out.get(key)?.status ?? 0) < st) out.set(key, { value, status: st })
    }
    return out
  }
}
