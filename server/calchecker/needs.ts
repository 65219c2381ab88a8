import type { Association } from './association-schema.ts'

/** One flattened calibration need: data type `type` needs `cal` (index = position in the list). */
export interface FlatNeed {
  type: string
  cal: string
  match: string[]
  /** Calibration-plan window, signed ages in days (age = checked frame − calibration). */
  lo: number
  hi: number
  /** Extended window, days. */
  elo: number
  ehi: number
  frames: number
}

/**
 * The association's needs as one list (the order of the YAML), with the
 * extended window defaulting to the plan window.
 *
 * @example
 * flattenNeeds(assoc)[0] // { type: 'SCI_IMG', cal: 'BIAS', match: ['readmode', 'binx', 'biny'], lo: -1, hi: 1, elo: -3, ehi: 3, frames: 5 }
 */
export function flattenNeeds(a: Association): FlatNeed[] {
  return Object.entries(a.needs).flatMap(([type, list]) => list.map((n) => {
    const [lo, hi] = n.window, [elo, ehi] = n.extended ?? n.window
    return { type, cal: n.cal, match: n.match, lo, hi, elo: Math.min(elo, lo), ehi: Math.max(ehi, hi), frames: n.frames }
  }))
}
