import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { Rule } from './rule-schema.ts'

/** One version of a rule, scoring values from `fromMs` until the next version's start. */
export interface RuleVersion {
  id: string
  version: number
  instrument: string
  rule: Rule
  fromMs: number
  /** Start of the next version of the same rule (exclusive), or +Infinity. */
  untilMs: number
  /** Who changed it and why (empty for catalogue versions). */
  by?: string
  why?: string
}

/** A threshold change made through the API, stored in the rule_versions table. */
export interface RuleChange {
  instrument: string
  id: string
  rule: Rule
  fromMs: number
  by: string
  why: string
  atMs: number
}

export const ruleId = (r: Rule) => r.id ?? `${r.param}:${r.setup}`

/**
 * Builds the versioned rule set: catalogue entries sharing an id are versions
 * ordered by `since`; API changes add versions from their chosen start. Each
 * version scores the values from its start to the next version's start, so
 * history keeps the thresholds that were in force unless it is re-scored.
 *
 * @example
 * const versions = ruleVersions(catalogues, changesFromStore)
 */
export function ruleVersions(catalogues: InstrumentCatalogue[], changes: RuleChange[] = []): RuleVersion[] {
  const byId = new Map<string, { instrument: string; rule: Rule; fromMs: number; by?: string; why?: string; order: number }[]>()
  let order = 0
  const add = (instrument: string, rule: Rule, fromMs: number, by?: string, why?: string) => {
    const key = `${instrument}\u0000${ruleId(rule)}`
    if (!byId.has(key)) byId.set(key, [])
    byId.get(key)!.push({ instrument, rule, fromMs, by, why, order: order++ })
  }
  for (const c of catalogues) for (const r of c.rules) add(c.instrument, r, r.since ? Date.parse(r.since.length === 10 ? `${r.since}T00:00:00Z` : r.since) : 0)
  for (const ch of [...changes].sort((a, b) => a.atMs - b.atMs)) add(ch.instrument, { ...ch.rule, id: ch.id }, ch.fromMs, ch.by, ch.why)
  const out: RuleVersion[] = []
  for (const list of byId.values()) {
    // A later change with the same start replaces an earlier one from that start on.
    list.sort((a, b) => a.fromMs - b.fromMs || a.order - b.order)
    const kept = list.filter((v, i) => i === list.length - 1 || list[i + 1].fromMs !== v.fromMs)
    kept.forEach((v, i) => out.push({
      id: ruleId(v.rule), version: i + 1, instrument: v.instrument, rule: v.rule, fromMs: v.fromMs,
      untilMs: i + 1 < kept.length ? kept[i + 1].fromMs : Number.POSITIVE_INFINITY, by: v.by, why: v.why,
    }))
  }
  return out
}

/**
 * A glob on setup labels as an anchored RE2 regex for ClickHouse's match().
 *
 * @example
 * globToRegex('BLUE*') // '^BLUE.*$'
 */
export function globToRegex(glob: string): string {
  return '^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$'
}
