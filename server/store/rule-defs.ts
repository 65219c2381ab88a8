import { createHash } from 'node:crypto'
import type { StoreClient } from './client.ts'
import { OPEN } from './score-sql.ts'
import type { RuleVersion } from '../scoring/rule-versions.ts'

/**
 * A score row does not carry its limits (four Float64s per value were 16 of its ~40 bytes on
 * disk): it names the rule definition it was judged by (`rule_key`), and the limits are a function
 * of that definition and the row's own reference and sigma. Definitions are kept here, one row
 * each, never removed, so a score keeps the exact limits it was judged against even after the
 * catalogue or an API change redefines the rule (until it is re-scored).
 *
 * kind 0 fixed: [wlo, whi] and [clo, chi] as given (±OPEN where a band is absent);
 * kind 1 relative: ref ∓ |ref|·k/100; kind 2 statistical: ref ∓ sigma·k; k NaN where absent.
 */
export interface RuleDef { key: string; ruleId: string; kind: 0 | 1 | 2; wlo: number; whi: number; clo: number; chi: number; wk: number; ck: number }

/** The definition a rule version scores by, and its key: a hash of everything that shapes its limits. */
export function ruleDef(v: RuleVersion): RuleDef {
  const r = v.rule
  const base = { ruleId: v.id, wlo: -OPEN, whi: OPEN, clo: -OPEN, chi: OPEN, wk: Number.NaN, ck: Number.NaN }
  const def: Omit<RuleDef, 'key'> = r.type === 'fixed'
    ? { ...base, kind: 0, ...(r.warning ? { wlo: r.warning[0], whi: r.warning[1] } : {}), ...(r.critical ? { clo: r.critical[0], chi: r.critical[1] } : {}) }
    : { ...base, kind: r.type === 'relative' ? 1 : 2, wk: r.warning ?? Number.NaN, ck: r.critical ?? Number.NaN }
  const key = createHash('sha256').update(JSON.stringify([v.id, v.version, def.kind, def.wlo, def.whi, def.clo, def.chi, String(def.wk), String(def.ck)])).digest('hex').slice(0, 16)
  return { key, ...def }
}

const written = new WeakMap<object, Set<string>>()

/** Records definitions before scores name them, in one insert (once per store and process; re-sending is harmless). */
export async function ensureRuleDefs(store: StoreClient, instrument: string, defs: RuleDef[], atMs: number): Promise<void> {
  const seen = written.get(store.client) ?? new Set<string>()
  written.set(store.client, seen)
  const id = (d: RuleDef) => `${store.database}\u0000${instrument}\u0000${d.key}`
  const fresh = [...new Map(defs.filter((d) => !seen.has(id(d))).map((d) => [d.key, d])).values()]
  if (fresh.length === 0) return
  // Float64 parameters as text: the client refuses ±1e300 and NaN as JSON numbers.
  const f = (x: number) => (Number.isNaN(x) ? 'nan' : String(x))
  const col = (get: (d: RuleDef) => number) => fresh.map((d) => f(get(d)))
  await store.bulk.command({
    query: `INSERT INTO ${store.database}.qc_rule_defs (instrument, rule_key, rule_id, kind, wlo, whi, clo, chi, wk, ck, at)
      SELECT {i:String}, d.1, d.2, d.3, toFloat64(d.4), toFloat64(d.5), toFloat64(d.6), toFloat64(d.7), toFloat64(d.8), toFloat64(d.9), fromUnixTimestamp64Milli({at:Int64}, 'UTC')
      FROM (SELECT arrayJoin(arrayZip({key:Array(String)}, {rid:Array(String)}, {kind:Array(UInt8)}, {wlo:Array(String)}, {whi:Array(String)},
        {clo:Array(String)}, {chi:Array(String)}, {wk:Array(String)}, {ck:Array(String)})) AS d)`,
    query_params: {
      i: instrument, key: fresh.map((d) => d.key), rid: fresh.map((d) => d.ruleId), kind: fresh.map((d) => d.kind),
      wlo: col((d) => d.wlo), whi: col((d) => d.whi), clo: col((d) => d.clo), chi: col((d) => d.chi), wk: col((d) => d.wk), ck: col((d) => d.ck), at: atMs,
    },
  })
  for (const d of fresh) seen.add(id(d))
}

/**
 * The definitions (of one instrument, given as an SQL expression, or of all), to LEFT JOIN on a
 * score's instrument and rule_key: a few rows per rule, so the join is a small hash table.
 */
export const ruleDefsOf = (db: string, instrument?: string) =>
  `(SELECT instrument AS def_instrument, rule_key AS def_key, kind, wlo, whi, clo, chi, wk, ck FROM ${db}.qc_rule_defs FINAL${instrument ? ` WHERE instrument = ${instrument}` : ''})`

/**
 * A score row's limits [wlo, whi, clo, chi] as SQL, from its reference and sigma and its joined
 * definition (alias `d`): the same Float64 operations scoring used (score-sql.ts), so bit-identical.
 * NaN for a row judged by no rule (grey).
 */
export function limitsSql(sc: string, d: string): [string, string, string, string] {
  const side = (lo: boolean, fixed: string, k: string) => {
    const op = lo ? '-' : '+'
    return `if(${sc}.rule_key = '', nan, multiIf(${d}.kind = 0, ${d}.${fixed}, isNaN(${d}.${k}), ${lo ? '-' : ''}${OPEN},
      ${d}.kind = 1, ${sc}.reference ${op} abs(${sc}.reference) * ${d}.${k} / 100, ${sc}.reference ${op} ${sc}.sigma * ${d}.${k}))`
  }
  return [side(true, 'wlo', 'wk'), side(false, 'whi', 'wk'), side(true, 'clo', 'ck'), side(false, 'chi', 'ck')]
}
