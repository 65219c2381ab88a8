import type { InstrumentCatalogue, ParamDef, ReportDef, SetupDef } from './catalogue-schema.ts'
import { compileKeyword, type KeywordPattern } from './keyword-pattern.ts'

export interface CompiledParam { def: ParamDef; pattern: KeywordPattern }
export interface CompiledReport { def: ReportDef; setup: SetupDef; params: CompiledParam[] }
export interface CompiledInstrument { def: InstrumentCatalogue; reports: Map<string, CompiledReport> }

/**
 * Catalogues indexed for ingestion: by INSTRUME header value, then by PRO CATG.
 *
 * @example
 * const cc = new CompiledCatalogues(loadCatalogues('qc-params'))
 * cc.report('UVES', 'MASTER_BIAS_BLUE')?.def.name // 'BIAS'
 */
export class CompiledCatalogues {
  #byInstrume = new Map<string, CompiledInstrument>()

  constructor(catalogues: InstrumentCatalogue[]) {
    for (const def of catalogues) {
      const reports = new Map<string, CompiledReport>()
      for (const r of def.reports) {
        const compiled = { def: r, setup: r.setup ?? def.setup, params: r.params.map((p) => ({ def: p, pattern: compileKeyword(p.keyword) })) }
        for (const catg of r.pro_catg) reports.set(catg, compiled)
      }
      for (const name of def.instrume) this.#byInstrume.set(name.toUpperCase(), { def, reports })
    }
  }

  /** The catalogue of an INSTRUME value, if any. */
  instrument(instrume: string): CompiledInstrument | undefined {
    return this.#byInstrume.get(instrume.trim().toUpperCase())
  }

  /** The report a PRO CATG belongs to for an instrument, if declared. */
  report(instrume: string, proCatg: string): CompiledReport | undefined {
    return this.instrument(instrume)?.reports.get(proCatg)
  }
}
