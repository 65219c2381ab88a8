import { limitsSql, ruleDefsOf } from './rule-defs.ts'
import { LIVE_STATES } from './state-sql.ts'
import { scoredValuesSql } from './score-sql.ts'

/**
 * Read-only views for Grafana's ClickHouse data source (and any SQL reader): stable column names
 * over the store's own tables, so a dashboard does not depend on how scores are stored. A column
 * is never renamed or removed here, only added (test/server/store/grafana-views.test.ts holds the
 * names). Limits are NULL where a band is open or no rule applies; `time` is the observation time.
 */
export function grafanaViews(db: string): string[] {
  const [wlo, whi, clo, chi] = limitsSql('sc', 'd')
  const limit = (e: string) => `if(isNaN(${e}) OR abs(${e}) >= 1e300, NULL, ${e})`
  const score = (s: string, c: string) => `if(CAST(${c} AS String) = '', 'pending', ['grey', 'green', 'yellow', 'red'][${s} + 1])`
  return [
    // Every scored value with its score, cause and the limits it was judged against.
    `CREATE OR REPLACE VIEW ${db}.grafana_values AS
      SELECT sc.instrument AS instrument, sc.report AS report, sc.param AS param, sc.setup AS setup, sc.ts AS time, sc.value AS value, sc.product AS product,
        ${score('sc.score', 'sc.cause')} AS score, sc.score AS score_level, sc.cause AS cause, CAST(sc.cause AS String) = 'excluded' AS flagged,
        ${limit(wlo)} AS warn_lo, ${limit(whi)} AS warn_hi, ${limit(clo)} AS crit_lo, ${limit(chi)} AS crit_hi
      FROM ${scoredValuesSql(db, '1')} AS sc
      LEFT JOIN ${ruleDefsOf(db)} AS d ON sc.instrument = d.def_instrument AND sc.rule_key = d.def_key`,
    // The newest value of every series: what the health monitor shows.
    `CREATE OR REPLACE VIEW ${db}.grafana_series_state AS
      SELECT instrument, report, param, setup, ts AS time, value, product, ${score('score', 'cause')} AS score, score AS score_level, cause,
        ${limit('warn_lo')} AS warn_lo, ${limit('warn_hi')} AS warn_hi, ${limit('crit_lo')} AS crit_lo, ${limit('crit_hi')} AS crit_hi
      FROM ${LIVE_STATES(db)}`,
    // Alerts: their newest state.
    `CREATE OR REPLACE VIEW ${db}.grafana_alerts AS
      SELECT key, instrument, kind, state, since, title, notified_state, notified_at, acked_by, silenced_until
      FROM ${db}.alerts FINAL`,
  ]
}
