import type { StoreClient } from './client.ts'
import { OPEN } from './score-sql.ts'
import type { RuleDef } from './rule-defs.ts'

type Limits = [number, number, number, number]
const NO_LIMITS: Limits = [Number.NaN, Number.NaN, Number.NaN, Number.NaN]

/**
 * A score row's limits [wlo, whi, clo, chi] from its definition, reference and sigma: the same
 * Float64 operations, in the same order, as limitsSql (rule-defs.ts) and scoring (score-sql.ts),
 * so a limit computed here is bit-identical to one computed in the engine. NaN for no rule.
 */
export function limitsOf(d: Pick<RuleDef, 'kind' | 'wlo' | 'whi' | 'clo' | 'chi' | 'wk' | 'ck'> | undefined, ref: number, sigma: number): Limits {
  if (!d) return NO_LIMITS
  const side = (lo: boolean, fixed: number, k: number) => {
    if (d.kind === 0) return fixed
    if (Number.isNaN(k)) return lo ? -OPEN : OPEN
    const spread = d.kind === 1 ? (Math.abs(ref) * k) / 100 : sigma * k
    return lo ? ref - spread : ref + spread
  }
  return [side(true, d.wlo, d.wk), side(false, d.whi, d.wk), side(true, d.clo, d.ck), side(false, d.chi, d.ck)]
}

type Def = Pick<RuleDef, 'kind' | 'wlo' | 'whi' | 'clo' | 'chi' | 'wk' | 'ck'>
/** A Float64 column as read from a JSON format, which sends NaN as null. */
export const nullToNaN = (x: number | null) => (x === null ? Number.NaN : x)
const cache = new WeakMap<object, Map<string, Def>>()

/**
 * The definitions behind the given rule keys, read once per store and process: a definition's key
 * is a hash of everything that shapes its limits and a definition is never removed, so a cached
 * one never goes stale. A key not seen yet (another process defined it) reloads the instrument's
 * few rows; a key still unknown after that reads as no rule.
 */
export async function ruleDefsFor(store: StoreClient, instrument: string, keys: Iterable<string>): Promise<Map<string, Def>> {
  const byStore = cache.get(store.client) ?? new Map<string, Def>()
  cache.set(store.client, byStore)
  const id = (key: string) => `${store.database}\u0000${instrument}\u0000${key}`
  const wanted = [...new Set(keys)].filter((k) => k !== '')
  if (wanted.some((k) => !byStore.has(id(k)))) {
    const rs = await store.client.query({
      query: `SELECT rule_key, kind, wlo, whi, clo, chi, wk, ck FROM ${store.database}.qc_rule_defs FINAL WHERE instrument = {i:String}`,
      query_params: { i: instrument }, format: 'JSONCompact',
    })
    type R = [string, number, number | null, number | null, number | null, number | null, number | null, number | null]
    for (const [key, kind, wlo, whi, clo, chi, wk, ck] of (await rs.json<R>()).data) {
      byStore.set(id(key), { kind: kind as Def['kind'], wlo: nullToNaN(wlo), whi: nullToNaN(whi), clo: nullToNaN(clo), chi: nullToNaN(chi), wk: nullToNaN(wk), ck: nullToNaN(ck) })
    }
  }
  const out = new Map<string, Def>()
  for (const k of wanted) { const d = byStore.get(id(k)); if (d) out.set(k, d) }
  return out
}
