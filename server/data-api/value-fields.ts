import type { VoField } from './votable.ts'

/** Catalogue unit words as IVOA VOUnits (case matters there: ADU is not a unit, adu is). */
const VOUNIT: Record<string, string> = { ADU: 'adu', adu: 'adu', 'e-': 'electron', electron: 'electron', electrons: 'electron', pixel: 'pix', pixels: 'pix', pix: 'pix', percent: '%', count: 'ct', counts: 'ct', sec: 's', deg: 'deg', arcsec: 'arcsec' }

/** A catalogue unit in VOUnit syntax: each word mapped where VOUnit spells it otherwise, the rest kept ('count/pix/h' → 'ct/pix/h'). */
export const voUnit = (unit: string) => unit.split(/([/.* ]+)/).map((w) => VOUNIT[w] ?? w).join('')

/**
 * The columns of the values API as VOTable fields: one per CSV column (server/store/values-read.ts
 * names them), with datatype, UCD and description; `value` carries the unit when every requested
 * parameter shares one (per row, the `unit` column says it always).
 */
export function valueFields(valueUnit: string): VoField[] {
  return [
    { name: 'instrument', datatype: 'char', ucd: 'meta.id;instr', description: 'Instrument' },
    { name: 'report', datatype: 'char', ucd: 'meta.code.class', description: 'Report (data type) of the product' },
    { name: 'param', datatype: 'char', ucd: 'meta.id', description: 'QC1 parameter' },
    { name: 'setup', datatype: 'char', ucd: 'instr.setup', description: 'Instrument setup the value belongs to' },
    { name: 'unit', datatype: 'char', ucd: 'meta.unit', description: "The value's unit" },
    { name: 'ts', datatype: 'char', xtype: 'timestamp', ucd: 'time.epoch', description: 'Observation time, UTC, ISO 8601' },
    { name: 'mjd', datatype: 'double', unit: 'd', ucd: 'time.epoch;obs', description: 'Observation time, Modified Julian Date (UTC)' },
    { name: 'value', datatype: 'double', unit: valueUnit ? voUnit(valueUnit) : undefined, ucd: 'phys', description: 'The QC1 value' },
    { name: 'product', datatype: 'char', ucd: 'meta.id;meta.file', description: 'Product (file) the value was read from' },
    { name: 'status', datatype: 'char', ucd: 'meta.code.status', description: 'preliminary or final' },
    { name: 'score', datatype: 'char', ucd: 'meta.code.qual', description: 'green, yellow, red or grey (unscored)' },
    { name: 'cause', datatype: 'char', ucd: 'meta.note', description: 'Why the value got its score (rule and limit)' },
    { name: 'flagged', datatype: 'boolean', ucd: 'meta.code.qual', description: 'Marked false by a QC scientist (excluded from statistics and scores)' },
  ]
}

/** The columns of the statistics API as VOTable fields (`unit`: the parameter's). */
export function statsFields(unit: string): VoField[] {
  const stat = (name: string, description: string): VoField => ({ name, datatype: 'double', unit: unit ? voUnit(unit) : undefined, ucd: 'stat', description })
  const n = (name: string, description: string): VoField => ({ name, datatype: 'long', ucd: 'meta.number', description })
  return [
    { name: 'setup', datatype: 'char', ucd: 'instr.setup', description: 'Instrument setup' },
    { name: 'bucket', datatype: 'char', ucd: 'time.interval', description: 'Observatory night (YYYY-MM-DD), month (YYYY-MM) or year' },
    n('count', 'Values in the bucket (not marked false)'),
    stat('mean', 'Mean'), stat('median', 'Median'), stat('sigma', 'Standard deviation (sample)'), stat('min', 'Minimum'), stat('max', 'Maximum'),
    n('green', 'Values scored green'), n('yellow', 'Values scored yellow'), n('red', 'Values scored red'), n('grey', 'Values unscored (no rule or no history)'), n('pending', 'Values not scored yet'),
  ]
}
