import { OPEN } from '../store/score-sql.ts'

export interface ScoreFacts {
  value: number
  cause: string
  ruleId?: string
  ruleVersion?: number
  reference?: number
  warnLo?: number
  warnHi?: number
  critLo?: number
  critHi?: number
  unit?: string
}

const num = (x: number) => (Math.abs(x) >= OPEN ? null : Number(x.toPrecision(6)))
const fmt = (x: number | undefined, unit = '') => (x === undefined || num(x) === null ? '∞' : `${num(x)}${unit ? ` ${unit}` : ''}`)

/**
 * The sentence a person reads next to a score: what was compared with what.
 *
 * @example
 * reasonText({ value: 3.5, cause: 'crit_high', critHi: 3, ruleId: 'ron:*', ruleVersion: 1, unit: 'ADU' })
 * // 'value 3.5 ADU above the critical limit 3 ADU (rule ron:*, version 1)'
 */
export function reasonText(f: ScoreFacts): string {
  const u = f.unit ?? ''
  const rule = f.ruleId ? ` (rule ${f.ruleId}, version ${f.ruleVersion ?? 1}${f.reference !== undefined && Number.isFinite(f.reference) ? `, reference ${fmt(f.reference, u)}` : ''})` : ''
  switch (f.cause) {
    case 'crit_high': return `value ${fmt(f.value, u)} above the critical limit ${fmt(f.critHi, u)}${rule}`
    case 'crit_low': return `value ${fmt(f.value, u)} below the critical limit ${fmt(f.critLo, u)}${rule}`
    case 'warn_high': return `value ${fmt(f.value, u)} above the warning limit ${fmt(f.warnHi, u)}${rule}`
    case 'warn_low': return `value ${fmt(f.value, u)} below the warning limit ${fmt(f.warnLo, u)}${rule}`
    case 'trend_8_side': return `8 values in a row on one side of the reference (drift)${rule}`
    case 'trend_6_run': return `6 values in a row rising or falling (drift)${rule}`
    case 'trend_2of3': return `2 of the last 3 values beyond 2 sigma on one side${rule}`
    case 'ok': return `within limits [${fmt(f.warnLo, u)}, ${fmt(f.warnHi, u)}]${rule}`
    case 'no_history': return `not enough history yet for a reference${rule}`
    case 'no_rule': return 'no tolerance rule for this parameter and setup (unscored)'
    case 'excluded': return 'marked false by a QC scientist: excluded from statistics and scores'
    default: return f.cause
  }
}
