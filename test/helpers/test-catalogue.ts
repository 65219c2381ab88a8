import type { InstrumentCatalogue } from '../../server/catalogue/catalogue-schema.ts'
import { parseCatalogue } from '../../server/catalogue/load-catalogues.ts'

/**
 * A catalogue of the test instrument TEST (no setup keys, so every value's setup is what the test
 * sends): per report (PRO CATG MASTER_<report>) its parameter lines, the rule lines, and any
 * further YAML (validity), as the catalogue file would hold them.
 *
 * @example
 * testCatalogue({ BIAS: ['{ name: ron, keyword: ESO QC RON, unit: ADU, class: HC }'] }, ['{ param: ron, type: fixed, critical: [0, 3] }'])
 */
export function testCatalogue(reports: Record<string, string[]>, rules: string[], rest = ''): InstrumentCatalogue {
  const reportYaml = Object.entries(reports).map(([name, params]) => `  - name: ${name}\n    pro_catg: [MASTER_${name}]\n    params:\n${params.map((p) => `      - ${p}`).join('\n')}`).join('\n')
  return parseCatalogue('test.yaml', `instrument: TEST\ninstrume: [TEST]\nsetup: { keys: [], label: default }\nreports:\n${reportYaml}\nrules:\n${rules.map((r) => `  - ${r}`).join('\n')}\n${rest}`)
}

/** The alert timelines' instrument: read-out noise (HC, fixed limits) and a KPI (critical only). */
export const RON_KPI = testCatalogue(
  { BIAS: ['{ name: ron, keyword: ESO QC RON, unit: ADU, class: HC }', '{ name: kpi, keyword: ESO QC KPI, unit: e-, class: KPI }'] },
  ['{ param: ron, type: fixed, warning: [1, 2], critical: [0.5, 3] }', '{ param: kpi, type: fixed, critical: [0, 10] }'],
)
