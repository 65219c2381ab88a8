import type { InstrumentCatalogue, ParamDef } from './catalogue-schema.ts'

/**
 * The catalogue's definition of an instrument's parameter (unit, class, public…), if declared.
 *
 * @example
 * paramDef(catalogues, 'UVES', 'ron_master')?.unit // 'ADU'
 */
export function paramDef(catalogues: InstrumentCatalogue[], instrument: string, param: string): ParamDef | undefined {
  return catalogues.find((c) => c.instrument === instrument)?.reports.flatMap((r) => r.params).find((p) => p.name === param)
}
