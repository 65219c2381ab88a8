import type { RuleVersion } from '../scoring/rule-versions.ts'
import { globToRegex } from '../scoring/rule-versions.ts'

/** Stands in for a missing band edge: beyond any measurable value, and exact in Float64. */
export const OPEN = 1e300

/** A stored limit for people and APIs: null for an open edge (±OPEN) or no value (NaN). */
export const finiteLimit = (x: number): number | null => (Number.isNaN(x) || Math.abs(x) >= OPEN ? null : x)

/** A parameterised statement: SQL text plus its query_params. */
export interface Statement { sql: string; params: Record<string, unknown> }

/** Columns written to qc_scores, in order. No copy of the value (6.7 of ~14 bytes per score on disk): readers join qc_values. */
export const SCORE_COLUMNS = `instrument, report, param, setup, ts, product, score, cause, rule_id, rule_version, rule_key,
  reference, sigma, scored_at`

/**
 * Score rows (FINAL) with the value each judged, joined from qc_values on the key: a score carries
 * no copy of its value. `where` names key columns only (instrument, param, setup, ts), so it
 * filters both tables' primary keys alike. Columns: every qc_scores column and `value`.
 */
export const scoredValuesSql = (db: string, where: string) => `(SELECT * FROM (SELECT * FROM ${db}.qc_scores FINAL WHERE ${where}) AS sc
  INNER JOIN (SELECT instrument, param, setup, ts, product, value FROM ${db}.qc_values FINAL WHERE ${where}) AS v
  USING (instrument, param, setup, ts, product))`

/**
 * SQL condition "(setup, ts) is scored by one of these rule versions", with its
 * parameters under `prefix`; used for precedence (earlier rules win) and for
 * the grey remainder (values no rule covers).
 */
export function coveredBy(versions: RuleVersion[], prefix: string, alias = ''): Statement {
  if (versions.length === 0) return { sql: '0', params: {} }
  const params: Record<string, unknown> = {}
  const parts = versions.map((v, i) => {
    params[`${prefix}re${i}`] = globToRegex(v.rule.setup)
    params[`${prefix}lo${i}`] = v.fromMs
    params[`${prefix}hi${i}`] = Number.isFinite(v.untilMs) ? v.untilMs : 8_000_000_000_000
    return `(match(${alias}setup, {${prefix}re${i}:String}) AND toUnixTimestamp64Milli(${alias}ts) >= {${prefix}lo${i}:Int64} AND toUnixTimestamp64Milli(${alias}ts) < {${prefix}hi${i}:Int64})`
  })
  return { sql: `(${parts.join(' OR ')})`, params }
}

const FLAGGED = (db: string) => `(setup, ts, product) NOT IN (SELECT setup, ts, product FROM ${db}.qc_flags FINAL
  WHERE instrument = {instrument:String} AND param = {param:String} AND flag = 1)`

/**
 * INSERT … SELECT that scores one rule version's values in [from, to) in ClickHouse:
 * trailing references over the previous N values or days (flagged values left
 * out), limits, the score and its cause. Earlier rules (`before`) take precedence. The limits
 * are not stored: the row names its definition (`ruleKey`, store/rule-defs.ts) and keeps ref and sigma.
 */
/** A baseline reset (an intervention with resetsBaseline): from atMs on, values of matching setups and reports are compared only with later ones. Regexes are RE2, anchored. */
export interface BaselineReset { atMs: number; setupRe: string; reportRe: string }

export function scoreVersionSql(db: string, v: RuleVersion, before: RuleVersion[], range: { fromMs: number; toMs: number; lookbackMs: number; scoredAt: number; resets?: BaselineReset[] }, ruleKey: string): Statement {
  const r = v.rule
  const prec = coveredBy(before, 'p')
  const params: Record<string, unknown> = {
    instrument: v.instrument, param: r.param, re: globToRegex(r.setup), from: range.fromMs, to: range.toMs, lookback: range.lookbackMs,
    rid: v.id, rver: v.version, rkey: ruleKey, at: range.scoredAt, ...prec.params,
    w: r.warning ?? null, c: r.critical ?? null,
  }
  const source = `SELECT instrument, report, param, setup, ts, product, value FROM ${db}.qc_values FINAL
    WHERE instrument = {instrument:String} AND param = {param:String} AND match(setup, {re:String})
      AND ts >= fromUnixTimestamp64Milli({lookback:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
      AND ${FLAGGED(db)} AND NOT ${prec.sql}`
  let inner: string, limits: string, minN = 0
  if (r.type === 'fixed') {
    const [wlo, whi] = r.warning ?? [-OPEN, OPEN]
    const [clo, chi] = r.critical ?? [-OPEN, OPEN]
    // As text: the client refuses numbers beyond 2^53 even for Float64 parameters.
    Object.assign(params, { wlo: String(wlo), whi: String(whi), clo: String(clo), chi: String(chi) })
    inner = `SELECT *, 0 AS n, nan AS ref, nan AS sig, '' AS trend FROM (${source})`
    limits = `{wlo:Float64} AS wlo, {whi:Float64} AS whi, {clo:Float64} AS clo, {chi:Float64} AS chi`
  } else {
    const win = 'values' in r.window
      ? `PARTITION BY setup ORDER BY ts, product ROWS BETWEEN ${r.window.values} PRECEDING AND 1 PRECEDING`
      : `PARTITION BY setup ORDER BY toUnixTimestamp(ts) RANGE BETWEEN ${Math.round(r.window.days * 86_400)} PRECEDING AND 1 PRECEDING` // seconds: RANGE offsets are 32-bit
    minN = 'values' in r.window ? Math.min(3, r.window.values) : 3
    const robust = r.type === 'statistical' && r.robust
    const ref = r.type === 'relative' && r.reference === 'mean' ? 'arrayAvg(prev)'
      : r.type === 'statistical' && !robust ? 'arrayAvg(prev)' : "arrayReduce('median', prev)"
    const sig = robust ? "1.4826 * arrayReduce('median', arrayMap(x -> abs(x - ref), prev))" : "arrayReduce('stddevSamp', prev)"
    const trend = r.type === 'statistical' && r.trend
      ? `multiIf(length(last8) = 8 AND (arrayAll(x -> x > ref, last8) OR arrayAll(x -> x < ref, last8)), 'trend_8_side',
          length(arraySlice(last8, -6)) = 6 AND (arrayAll((a, b) -> b > a, arrayPopBack(arraySlice(last8, -6)), arrayPopFront(arraySlice(last8, -6)))
            OR arrayAll((a, b) -> b < a, arrayPopBack(arraySlice(last8, -6)), arrayPopFront(arraySlice(last8, -6)))), 'trend_6_run',
          arrayCount(x -> x > ref + 2 * sig, arraySlice(last8, -3)) >= 2 OR arrayCount(x -> x < ref - 2 * sig, arraySlice(last8, -3)) >= 2, 'trend_2of3', '')`
      : "''"
    // Baseline epochs: how many resets precede a value. Windows never reach across one, so after an
    // intervention the reference is built from new values only (grey 'no_history' until enough).
    const resets = range.resets ?? []
    resets.forEach((b, i) => Object.assign(params, { [`ra${i}`]: b.atMs, [`rs${i}`]: b.setupRe, [`rr${i}`]: b.reportRe }))
    const epoch = resets.length === 0 ? '0'
      : resets.map((_, i) => `(toUnixTimestamp64Milli(ts) >= {ra${i}:Int64} AND match(setup, {rs${i}:String}) AND match(report, {rr${i}:String}))`).join(' + ')
    inner = `SELECT *, ${trend} AS trend FROM (
        SELECT *, length(prev) AS n, ${ref} AS ref, ${sig} AS sig FROM (
          SELECT *, groupArray(value) OVER (${win.replace('PARTITION BY setup', 'PARTITION BY setup, epoch')}) AS prev,
            groupArray(value) OVER (PARTITION BY setup, epoch ORDER BY ts, product ROWS BETWEEN 7 PRECEDING AND CURRENT ROW) AS last8
          FROM (SELECT *, ${epoch} AS epoch FROM (${source}))))`
    const spread = r.type === 'relative' ? (k: string) => `abs(ref) * {${k}:Float64} / 100` : (k: string) => `sig * {${k}:Float64}`
    params.wk = r.warning ?? 0
    params.ck = r.critical ?? 0
    limits = [
      r.warning !== undefined ? `ref - ${spread('wk')} AS wlo, ref + ${spread('wk')} AS whi` : `-${OPEN} AS wlo, ${OPEN} AS whi`,
      r.critical !== undefined ? `ref - ${spread('ck')} AS clo, ref + ${spread('ck')} AS chi` : `-${OPEN} AS clo, ${OPEN} AS chi`,
    ].join(', ')
  }
  const sql = `INSERT INTO ${db}.qc_scores (${SCORE_COLUMNS})
    SELECT instrument, report, param, setup, ts, product,
      multiIf(n < ${minN}, 0, value < clo OR value > chi, 3, value < wlo OR value > whi, 2, trend != '', 2, 1) AS new_score,
      multiIf(n < ${minN}, 'no_history', value < clo, 'crit_low', value > chi, 'crit_high', value < wlo, 'warn_low', value > whi, 'warn_high', trend != '', trend, 'ok') AS new_cause,
      {rid:String}, {rver:UInt16}, {rkey:String}, ref, sig, fromUnixTimestamp64Milli({at:Int64}, 'UTC')
    FROM (SELECT *, ${limits} FROM (${inner}))
    WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')`
  return { sql, params }
}

/** Scores grey what no rule version covers (and what is flagged false) in [from, to). */
export function greySql(db: string, instrument: string, param: string, versions: RuleVersion[], range: { fromMs: number; toMs: number; scoredAt: number }): Statement {
  const cov = coveredBy(versions, 'g', 'v.')
  return {
    sql: `INSERT INTO ${db}.qc_scores (${SCORE_COLUMNS})
      SELECT v.instrument, v.report, v.param, v.setup, v.ts, v.product, 0,
        if(f.flag = 1, 'excluded', 'no_rule'), '', 0, '', nan, nan, fromUnixTimestamp64Milli({at:Int64}, 'UTC')
      FROM ${db}.qc_values AS v FINAL
      LEFT JOIN (SELECT setup, ts, product, flag FROM ${db}.qc_flags FINAL WHERE instrument = {instrument:String} AND param = {param:String}) AS f
        ON v.setup = f.setup AND v.ts = f.ts AND v.product = f.product
      WHERE v.instrument = {instrument:String} AND v.param = {param:String}
        AND v.ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND v.ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND (f.flag = 1 OR NOT ${cov.sql})`,
    params: { instrument, param, from: range.fromMs, to: range.toMs, at: range.scoredAt, ...cov.params },
  }
}

/**
 * What scoring a rule version would change, without writing: its scores beside the stored ones,
 * counted per (stored score → new score). 255 = not scored yet.
 */
export function previewVersionSql(db: string, scoring: Statement): Statement {
  const select = scoring.sql.replace(/^INSERT INTO \S+ \([^)]*\)\s*/, '')
  const sql = `SELECT if(o.ts = toDateTime64(0, 3, 'UTC'), 255, o.score) AS before, n.new_score AS after, count() AS values
    FROM (${select}) AS n
    LEFT JOIN (SELECT setup, ts, product, score FROM ${db}.qc_scores FINAL
      WHERE instrument = {instrument:String} AND param = {param:String} AND match(setup, {re:String})
        AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')) AS o
      ON n.setup = o.setup AND n.ts = o.ts AND n.product = o.product
    GROUP BY before, after ORDER BY before, after`
  return { sql, params: scoring.params }
}
