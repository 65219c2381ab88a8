import type { StoreClient } from '../store/client.ts'
import { readFlaggedParams, readNthPrevious, readParamsIn, readScoreChanges, runStatement } from '../store/scoring-store.ts'
import type { RuleVersion } from './rule-versions.ts'
import { globToRegex } from './rule-versions.ts'
import { greySql, previewVersionSql, scoreVersionSql, type BaselineReset, type Statement } from '../store/score-sql.ts'
import { scoreName, type ScoreName } from './score.ts'
import { calibLatestSql, nightScoresSql, productsSql, seriesStateSql } from '../store/state-sql.ts'
import { ensureRuleDefs, ruleDef } from '../store/rule-defs.ts'
import { readEvents } from '../store/events-store.ts'
import { inScope } from '../events/event-scope.ts'
import type { InstrumentEvent } from '../events/event.ts'

const DAY = 86_400_000

/**
 * The rule versions that take precedence over version k: earlier *other* rules. Earlier versions
 * of the same rule only cover earlier times, and excluding their values would empty the new
 * version's trailing window (its first values would have no history).
 */
export const precedingRules = (versions: RuleVersion[], k: number) => versions.slice(0, k).filter((b) => b.id !== versions[k].id)
const END_OF_TIME = 8_000_000_000_000

export interface ScorerOptions {
  /** Observatory day boundary in hours UT (ESO: 21). */
  dayBoundaryHour: number
  /** Nights kept in the quick-look table. */
  recentNights?: number
  clock?: () => number
  /** Runs at the end of each pass with the parameters it scored (the drift verdicts). */
  afterScore?: (instrument: string, params: string[], at: number) => Promise<unknown>
}

/**
 * Scores stored values in ClickHouse and refreshes the derived state
 * (series, nights, products). Each rule version scores its own time segment,
 * so values keep the thresholds in force at their time; a re-score is simply
 * scoring again, and the newest `scored_at` replaces older scores.
 *
 * @example
 * const scorer = new Scorer(store, () => ruleVersions(catalogues), { dayBoundaryHour: 21 })
 * await scorer.score('UVES', null, 0, Date.now())   // everything of UVES
 */
export class Scorer {
  #lastAt = 0
  constructor(private store: StoreClient, private rules: () => RuleVersion[], private opts: ScorerOptions) {}

  private get boundaryMs() { return this.opts.dayBoundaryHour * 3_600_000 }

  /** Scores the instrument's values in [fromMs, toMs) for the given parameters (null: all present). */
  async score(instrument: string, params: string[] | null, fromMs: number, toMsIn: number): Promise<void> {
    const toMs = Math.min(toMsIn, END_OF_TIME)
    const db = this.store.database
    const at = this.#stamp()
    const present = params ?? await this.#paramsIn(instrument, fromMs, toMs)
    if (present.length === 0) return
    const all = this.rules().filter((v) => v.instrument === instrument)
    const interventions = await this.#resetting(instrument)
    // Every definition this pass scores by, made once and recorded in one insert (each alone cost a round trip).
    const wanted = new Set(present)
    const defs = new Map(all.filter((v) => wanted.has(v.rule.param)).map((v) => [v, ruleDef(v)]))
    await ensureRuleDefs(this.store, instrument, [...defs.values()], at)
    const flagged = await readFlaggedParams(this.store, instrument)
    for (const param of present) {
      const versions = all.filter((v) => v.rule.param === param)
      for (let k = 0; k < versions.length; k++) {
        const v = versions[k]
        const from = Math.max(fromMs, v.fromMs), to = Math.min(toMs, v.untilMs)
        if (from >= to) continue
        const lookbackMs = await this.#lookback(v, from)
        await this.#run(scoreVersionSql(db, v, precedingRules(versions, k), { fromMs: from, toMs: to, lookbackMs, scoredAt: at, resets: baselineResets(interventions, instrument, param) }, defs.get(v)!.key))
      }
      // The grey remainder: values no rule covers, and marked-false ones. None when rules for every
      // setup cover the whole range and nothing of the parameter is marked (most passes: the
      // statement read the range's values only to find that).
      if (flagged.has(param) || !coversEverySetup(versions, fromMs, toMs)) await this.#run(greySql(db, instrument, param, versions, { fromMs, toMs, scoredAt: at }))
    }
    await this.#run(seriesStateSql(db, instrument, present, at))
    const recent = this.nightStart(at) - (this.opts.recentNights ?? 31) * DAY
    const nFrom = Math.max(this.nightStart(fromMs), recent)
    const nTo = toMs >= END_OF_TIME ? END_OF_TIME : this.nightStart(toMs) + DAY
    if (nFrom < nTo) await this.#run(nightScoresSql(db, instrument, present, nFrom, nTo, this.boundaryMs, at))
    await this.#run(productsSql(db, instrument, fromMs, toMs, at))
    await this.#run(calibLatestSql(db, instrument, at))
    await this.opts.afterScore?.(instrument, present, at)
  }

  /**
   * What scoring with a (not yet saved) rule version would change in its time segment: per
   * stored score and new score, how many values. Writes nothing.
   */
  async preview(v: RuleVersion, before: RuleVersion[], toMsIn: number): Promise<{ before: ScoreName | 'unscored'; after: ScoreName; values: number }[]> {
    const from = v.fromMs, to = Math.min(v.untilMs, toMsIn, END_OF_TIME)
    if (from >= to) return []
    const lookbackMs = await this.#lookback(v, from)
    const resets = baselineResets(await this.#resetting(v.instrument), v.instrument, v.rule.param)
    const s = previewVersionSql(this.store.database, scoreVersionSql(this.store.database, v, before, { fromMs: from, toMs: to, lookbackMs, scoredAt: 0, resets }, ruleDef(v).key))
    return (await readScoreChanges(this.store, s)).map(({ before: b, after: a, values }) => ({ before: b === 255 ? 'unscored' : scoreName(b), after: scoreName(a), values }))
  }

  /** Recomputes the product roll-up in [fromMs, toMs) (after a product was forced OK or released). */
  async refreshProducts(instrument: string, fromMs: number, toMs: number): Promise<void> {
    const at = this.#stamp()
    await this.#run(productsSql(this.store.database, instrument, fromMs, toMs, at))
    await this.#run(calibLatestSql(this.store.database, instrument, at))
  }

  /** Start (Unix ms) of the observatory night that contains `ms`. */
  nightStart(ms: number): number {
    return Math.floor((ms - this.boundaryMs) / DAY) * DAY + this.boundaryMs
  }

  async #paramsIn(instrument: string, fromMs: number, toMs: number): Promise<string[]> {
    return readParamsIn(this.store, instrument, fromMs, Math.min(toMs, END_OF_TIME))
  }

  /** The instrument's events that restart baselines (interventions marked resetsBaseline). */
  async #resetting(instrument: string): Promise<InstrumentEvent[]> {
    return (await readEvents(this.store, instrument, 0, END_OF_TIME)).filter((e) => e.resetsBaseline)
  }

  /** Where the trailing window of the first value in the segment starts. */
  async #lookback(v: RuleVersion, fromMs: number): Promise<number> {
    const r = v.rule
    if (r.type === 'fixed') return fromMs
    // Trend rules look at the previous 7 values whatever the window.
    const n = Math.max('values' in r.window ? r.window.values : 0, r.type === 'statistical' && r.trend ? 7 : 0)
    let lb = 'days' in r.window ? fromMs - Math.round(r.window.days * DAY) : fromMs
    if (n > 0) {
      const min = await readNthPrevious(this.store, v.instrument, r.param, globToRegex(r.setup), fromMs, n)
      if (min > 0) lb = Math.min(lb, min)
    }
    return lb
  }

  /** A scoring time that always increases, so a re-score replaces even within one millisecond. */
  #stamp(): number {
    this.#lastAt = Math.max((this.opts.clock ?? Date.now)(), this.#lastAt + 1)
    return this.#lastAt
  }

  async #run(s: Statement): Promise<void> {
    await runStatement(this.store, s)
  }
}

/**
 * Whether versions of rules for every setup (`setup: '*'`) together cover [fromMs, toMs) without a
 * gap: then no value of the range is left for the grey remainder but marked-false ones. Pure.
 */
export function coversEverySetup(versions: RuleVersion[], fromMs: number, toMs: number): boolean {
  const spans = versions.filter((v) => v.rule.setup === '*').map((v) => [v.fromMs, v.untilMs] as const).sort((a, b) => a[0] - b[0])
  let reached = fromMs
  for (const [lo, hi] of spans) {
    if (lo > reached) break
    if (hi > reached) reached = hi
    if (reached >= toMs) return true
  }
  return reached >= toMs
}

/** A parameter's baseline resets: events in its scope, as the anchored regexes scoring matches setups and reports with. */
export function baselineResets(events: InstrumentEvent[], instrument: string, param: string): BaselineReset[] {
  const any = (globs: string[]) => (globs.length === 0 ? '.*' : globs.map((g) => `(?:${globToRegex(g)})`).join('|'))
  return events.filter((e) => inScope({ ...e, scope: { ...e.scope, reports: [], setups: [] } }, { instrument, param }))
    .map((e) => ({ atMs: e.atMs, setupRe: any(e.scope.setups), reportRe: any(e.scope.reports) }))
}
