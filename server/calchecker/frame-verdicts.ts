import type { CheckedFrame, NearestSets } from '../store/calchecker-match.ts'
import type { FlatNeed } from './needs.ts'

export type CalStatus = 'OK' | 'NOK' | 'MISS'
export const RANK: Record<CalStatus, number> = { OK: 0, NOK: 1, MISS: 2 }
export const worst = (a: CalStatus, b: CalStatus): CalStatus => (RANK[a] >= RANK[b] ? a : b)

/** The verdict of one need of one checked frame. */
export interface NeedVerdict {
  cal: string
  need: number
  status: CalStatus
  /** Signed age of the chosen calibration set, days (frame − calibration); null when MISS. */
  age: number | null
  /** First file of the chosen set. */
  file: string
  /** The chosen calibration's own needs, when it has some (cal4cal), e.g. "FLAT_SKY MISS". */
  via: string
  /** Latest MJD a calibration can be taken and still be in the plan / extended window. */
  planUntil: number
  extendedUntil: number
}

const round = (x: number) => Math.round(x * 100) / 100

/**
 * Verdicts of every need of every checked frame: OK when a complete set lies
 * in the plan window (nearest wins), NOK when only in the extended window,
 * MISS otherwise; a calibration that has needs of its own (cal4cal, e.g. a
 * standard star's flat) passes its worst verdict on to the frames that use it.
 *
 * @example
 * const byFile = frameVerdicts(frames, nearest, needs) // Map('SCI1.fits' → [{ cal: 'BIAS', status: 'OK', age: 0.47, ... }])
 */
export function frameVerdicts(frames: CheckedFrame[], nearest: NearestSets[], needs: FlatNeed[]): Map<string, NeedVerdict[]> {
  const mjdOf = new Map(frames.map((f) => [f.file, f.mjd]))
  const own = new Map<string, NeedVerdict[]>()
  for (const r of nearest) {
    const n = needs[r.need], mjd = mjdOf.get(r.file)
    if (!n || mjd === undefined) continue
    const sides = [r.beforeFile ? { age: mjd - r.beforeMjd, file: r.beforeFile } : null, r.afterFile ? { age: mjd - r.afterMjd, file: r.afterFile } : null]
      .filter((x): x is { age: number; file: string } => x !== null).sort((a, b) => Math.abs(a.age) - Math.abs(b.age))
    const plan = sides.find((x) => x.age >= n.lo && x.age <= n.hi)
    const ext = sides.find((x) => x.age >= n.elo && x.age <= n.ehi)
    const pick = plan ?? ext
    const v: NeedVerdict = {
      cal: n.cal, need: r.need, status: plan ? 'OK' : ext ? 'NOK' : 'MISS', age: pick ? round(pick.age) : null, file: pick?.file ?? '', via: '',
      planUntil: mjd - n.lo, extendedUntil: mjd - n.elo,
    }
    if (!own.has(r.file)) own.set(r.file, [])
    own.get(r.file)!.push(v)
  }
  for (const list of own.values()) list.sort((a, b) => a.need - b.need)
  // cal4cal: the chosen set's own verdicts (when it was checked in these nights) weigh on the user.
  const status = (file: string, depth: number): CalStatus | null => {
    const list = own.get(file)
    if (!list || depth > 3) return null
    return list.reduce<CalStatus>((w, v) => worst(w, v.status === 'MISS' ? 'MISS' : worst(v.status, v.file ? status(v.file, depth + 1) ?? 'OK' : 'OK')), 'OK')
  }
  for (const list of own.values()) {
    for (const v of list) {
      if (!v.file || v.status === 'MISS') continue
      const sub = own.get(v.file)
      if (!sub) continue
      const s = status(v.file, 1) ?? 'OK'
      if (s !== 'OK') {
        v.via = sub.filter((x) => x.status !== 'OK').map((x) => `${x.cal} ${x.status}`).join(', ') || `its calibrations ${s}`
        v.status = worst(v.status, s)
      }
    }
  }
  return own
}
