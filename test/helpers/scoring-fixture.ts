import type { ValueRow } from '../../server/ingest/measurement.ts'
import { Rule } from '../../server/scoring/rule-schema.ts'
import { ruleVersions, type RuleChange } from '../../server/scoring/rule-versions.ts'
import { Scorer } from '../../server/scoring/scorer.ts'
import { ValuesWriter } from '../../server/store/values-writer.ts'
import type { InstrumentCatalogue } from '../../server/catalogue/catalogue-schema.ts'
import { openTestStore } from './test-store.ts'
import { limitsSql, ruleDefsOf } from '../../server/store/rule-defs.ts'
import { scoredValuesSql } from '../../server/store/score-sql.ts'

export const DAY = 86_400_000
export const T0 = Date.UTC(2024, 0, 1, 10)

/** A hand-made series on the real engine: values one per day from T0, scored by the given rules. */
export async function scoredSeries(rules: unknown[], series: Record<string, number[]>, opts: { instrument?: string; report?: string; param?: string } = {}) {
  const store = await openTestStore()
  const instrument = opts.instrument ?? 'TEST', report = opts.report ?? 'BIAS', param = opts.param ?? 'ron'
  const catalogue = { instrument, rules: rules.map((r) => Rule.parse(r)), validity: [] } as unknown as InstrumentCatalogue
  const changes: RuleChange[] = []
  const scorer = new Scorer(store, () => ruleVersions([catalogue], changes), { dayBoundaryHour: 21, clock: () => Date.UTC(2030, 0, 1) })
  const writer = new ValuesWriter(store)
  const rows: ValueRow[] = Object.entries(series).flatMap(([setup, values]) =>
    values.map((value, i) => ({ instrument, report, param, setup, tsMs: T0 + i * DAY, value, product: `P${i}`, status: 2 as const })))
  await writer.write(rows)
  await scorer.score(instrument, null, 0, Number.POSITIVE_INFINITY)
  const scores = async (setup: string) => {
    const rs = await store.client.query({
      // Limits as every reader derives them: from the row's rule definition, reference and sigma.
      query: `SELECT sc.value AS value, sc.score AS score, sc.cause AS cause, sc.reference AS reference,
          ${limitsSql('sc', 'd').map((e, i) => `${e} AS ${['warn_lo', 'warn_hi', 'crit_lo', 'crit_hi'][i]}`).join(', ')}, sc.rule_version AS rule_version
        FROM ${scoredValuesSql(store.database, 'instrument = {i:String} AND setup = {s:String}')} AS sc
        LEFT JOIN ${ruleDefsOf(store.database, '{i:String}')} AS d ON sc.rule_key = d.def_key ORDER BY sc.ts`,
      query_params: { i: instrument, s: setup }, format: 'JSONEachRow',
    })
    return rs.json<{ value: number; score: number; cause: string; reference: number; warn_lo: number; warn_hi: number; crit_lo: number; crit_hi: number; rule_version: number }>()
  }
  return { store, scorer, writer, scores, changes, instrument, param }
}
