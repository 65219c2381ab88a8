import type { Statement } from './score-sql.ts'
import { limitsSql, ruleDefsOf } from './rule-defs.ts'

const LIVE = "cause != 'excluded'"
const NEWEST = (col: string) => `argMaxIf(${col}, (ts, product), ${LIVE})`

/** The series states to read: not those of series whose values are all marked false (count 0). */
export const LIVE_STATES = (db: string) => `(SELECT * FROM ${db}.qc_series_state FINAL WHERE count > 0)`

/**
 * Refreshes the newest scored value of every series of the given parameters:
 * the row the health monitor reads. Values marked false are skipped, so the
 * previous value's score shows instead; a series with no value left (all marked
 * false) gets a row with count 0, which readers skip (LIVE_STATES), so health no
 * longer shows the score of a value a QC scientist marked false.
 */
export function seriesStateSql(db: string, instrument: string, params: string[], at: number): Statement {
  return {
    // The newest row's limits are derived once per series, after the aggregation (rule-defs.ts).
    sql: `INSERT INTO ${db}.qc_series_state
      SELECT sc.instrument, sc.n_report, sc.param, sc.setup, sc.n_ts, nv.v_value, sc.n_product, sc.n_score, sc.n_cause, sc.n_rule_id, sc.reference,
        ${limitsSql('sc', 'd').join(', ')}, sc.n, fromUnixTimestamp64Milli({at:Int64}, 'UTC')
      FROM (
        -- n_ aliases: an alias named like a column would shadow it inside the other aggregates.
        SELECT instrument, ${NEWEST('report')} AS n_report, param, setup, maxIf(ts, ${LIVE}) AS n_ts, ${NEWEST('product')} AS n_product,
          ${NEWEST('score')} AS n_score, ${NEWEST('cause')} AS n_cause, ${NEWEST('rule_id')} AS n_rule_id, ${NEWEST('rule_key')} AS rule_key,
          ${NEWEST('reference')} AS reference, ${NEWEST('sigma')} AS sigma, countIf(${LIVE}) AS n
        FROM ${db}.qc_scores FINAL
        WHERE instrument = {instrument:String} AND param IN {params:Array(String)}
        GROUP BY instrument, param, setup) AS sc
      LEFT JOIN ${ruleDefsOf(db, '{instrument:String}')} AS d ON sc.instrument = d.def_instrument AND sc.rule_key = d.def_key
      -- The newest value itself, from qc_values (scores keep no copy): only the newest keys are read.
      LEFT JOIN (SELECT param AS v_param, setup AS v_setup, ts AS v_ts, product AS v_product, value AS v_value FROM ${db}.qc_values FINAL
        WHERE instrument = {instrument:String} AND param IN {params:Array(String)} AND (param, setup, ts, product) IN (
          SELECT param, setup, maxIf(ts, ${LIVE}), ${NEWEST('product')} FROM ${db}.qc_scores FINAL
          WHERE instrument = {instrument:String} AND param IN {params:Array(String)} GROUP BY param, setup)) AS nv
        ON sc.param = nv.v_param AND sc.setup = nv.v_setup AND sc.n_ts = nv.v_ts AND sc.n_product = nv.v_product
      SETTINGS join_use_nulls = 0`,
    params: { instrument, params, at },
  }
}

/**
 * Worst score per series and observatory night over whole nights in
 * [fromMs, toMs). A night is labelled by the date of its evening: a time
 * belongs to the night of date(t − boundary), so with a 21:00 UT boundary a
 * 10:00 UT morning calibration belongs to the night before.
 */
export function nightScoresSql(db: string, instrument: string, params: string[], fromMs: number, toMs: number, boundaryMs: number, at: number): Statement {
  return {
    sql: `INSERT INTO ${db}.qc_night_scores
      SELECT toDate(fromUnixTimestamp64Milli(toUnixTimestamp64Milli(ts) - {boundary:Int64}, 'UTC')) AS night,
        instrument, any(report), param, setup, max(score), countIf(${LIVE}), fromUnixTimestamp64Milli({at:Int64}, 'UTC')
      FROM ${db}.qc_scores FINAL
      WHERE instrument = {instrument:String} AND param IN {params:Array(String)}
        AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
      GROUP BY night, instrument, param, setup`,
    params: { instrument, params, from: fromMs, to: toMs, boundary: boundaryMs, at },
  }
}

/** Rolls values up to products (worst wins, unless a QC scientist forced the product OK) in [fromMs, toMs). */
export function productsSql(db: string, instrument: string, fromMs: number, toMs: number, at: number): Statement {
  return {
    sql: `INSERT INTO ${db}.qc_products
      SELECT s.instrument, any(s.report), s.product, min(s.ts), groupUniqArray(s.setup),
        if(any(o.forced_ok) = 1, 1, max(s.score)), any(o.forced_ok), countIf(s.cause != 'excluded'), fromUnixTimestamp64Milli({at:Int64}, 'UTC')
      FROM ${db}.qc_scores AS s FINAL
      LEFT JOIN (SELECT product, forced_ok FROM ${db}.qc_overrides FINAL WHERE instrument = {instrument:String}) AS o ON s.product = o.product
      WHERE s.instrument = {instrument:String}
        AND s.ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND s.ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
      GROUP BY s.instrument, s.product`,
    params: { instrument, from: fromMs, to: toMs, at },
  }
}

/** Newest good and newest calibration per report and setup of one instrument, from the product roll-up. */
export function calibLatestSql(db: string, instrument: string, at: number): Statement {
  return {
    sql: `INSERT INTO ${db}.qc_calib_latest
      SELECT instrument, report, setup, maxIf(ts, score < 3), argMaxIf(product, ts, score < 3), max(ts), countIf(score < 3),
        fromUnixTimestamp64Milli({at:Int64}, 'UTC')
      FROM ${db}.qc_products FINAL ARRAY JOIN setups AS setup
      WHERE instrument = {instrument:String}
      GROUP BY instrument, report, setup`,
    params: { instrument, at },
  }
}
