import { mjdToMs, msToMjd } from '../time/mjd.ts'
import type { Association } from './association-schema.ts'
import { setupLabel } from './classify-frame.ts'
import { daytimeState, type DaytimeState } from './daytime-state.ts'
import { RANK, worst, type CalStatus, type NeedVerdict } from './frame-verdicts.ts'
import type { CheckedFrame, NightActivity } from '../store/calchecker-match.ts'
import type { FlatNeed } from './needs.ts'

/** One science observation (a template of one data type and setup): the per-frame report line. */
export interface Observation {
  night: string; ts: string; prog: string; obId: number; obName: string; grade: string; mode: string
  type: string; setup: string; science: boolean; files: number; firstFile: string
  status: CalStatus; final: boolean; cals: NeedVerdict[]
}
export interface Cell { status: CalStatus; final: boolean; files: number }
export interface Row { type: string; setup: string; status: CalStatus; cells: Record<string, Cell> }
export interface NightColumn { night: string; status: CalStatus | null; files: number; modes: string[]; daytime: DaytimeState }
export interface Action { cal: string; setup: string; status: CalStatus; final: boolean; until: string; files: number; forTypes: string[]; text: string }
export interface Lost { night: string; type: string; setup: string; obId: number; obName: string; prog: string; firstFile: string; missing: string[] }
export interface CalcheckerReport {
  instrument: string; now: string; status: CalStatus | null
  nights: NightColumn[]; rows: Row[]; actions: Action[]; lost: Lost[]; observations: Observation[]
}

const iso = (mjd: number) => new Date(mjdToMs(mjd)).toISOString()
const labelOf = (a: Association, type: string) => a.labels[type] ?? a.label

/**
 * Rolls verdicts up: observations (templates), cells per night × science data
 * type × setup (worst wins, then night and instrument), today's action list
 * (MISS, then NOK, whose window is still open, grouped by calibration type
 * and the setup keys it must match), and LOST? (a final MISS whose extended
 * window has closed).
 *
 * @example
 * const report = buildReport('FORS2', assoc, needs, nights, frames, verdicts, activity, Date.now())
 */
export function buildReport(instrument: string, a: Association, needs: FlatNeed[], nights: string[], frames: CheckedFrame[],
  verdicts: Map<string, NeedVerdict[]>, activity: NightActivity[], nowMs: number): CalcheckerReport {
  const now = msToMjd(nowMs)
  const act = new Map(activity.map((x) => [x.night, x]))
  const daytime = new Map(nights.map((n) => [n, daytimeState(n, act.get(n), nowMs, a.daytime.finished_ut)]))
  const groups = new Map<string, CheckedFrame[]>()
  for (const f of frames) {
    const k = [f.night, f.dataType, setupLabel(labelOf(a, f.dataType), f.keys), f.tplStart || f.file].join('\u0000')
    if (!groups.has(k)) groups.set(k, [])
    groups.get(k)!.push(f)
  }
  const observations: Observation[] = []
  const actions = new Map<string, Action>()
  const lost: Lost[] = []
  for (const fs of groups.values()) {
    const first = fs[0]
    // A MISS is final only once the day's calibrations after the night are finished.
    const final = daytime.get(first.night) === 'finished'
    // Per need, the template's worst verdict (the first frame's on a tie), so status, ages and actions agree.
    const byNeed = new Map<number, NeedVerdict>()
    for (const f of fs) for (const v of verdicts.get(f.file) ?? []) {
      const seen = byNeed.get(v.need)
      if (!seen || RANK[v.status] > RANK[seen.status]) byNeed.set(v.need, v)
    }
    const cals = [...byNeed.values()].sort((x, y) => x.need - y.need)
    const status = cals.reduce<CalStatus>((w, v) => worst(w, v.status), 'OK')
    const setup = setupLabel(labelOf(a, first.dataType), first.keys)
    observations.push({
      night: first.night, ts: iso(first.mjd), prog: first.prog, obId: first.obId, obName: first.obName, grade: first.grade, mode: first.mode,
      type: first.dataType, setup, science: first.science, files: fs.length, firstFile: first.file, status, final, cals,
    })
    const closed: string[] = []
    for (const v of cals) {
      if (v.status === 'OK' || v.via) continue
      const open = now <= v.planUntil ? v.planUntil : v.status === 'MISS' && now <= v.extendedUntil ? v.extendedUntil : null
      if (open === null) {
        if (v.status === 'MISS') closed.push(v.cal)
        continue
      }
      const target = setupLabel(labelOf(a, first.dataType), first.keys, needs[v.need].match)
      const k = `${v.cal}\u0000${target}`
      const prev = actions.get(k)
      const until = iso(open)
      if (!prev) actions.set(k, { cal: v.cal, setup: target, status: v.status, final, until, files: fs.length, forTypes: [first.dataType], text: `take ${v.cal} for ${target}` })
      else {
        prev.status = worst(prev.status, v.status); prev.final ||= final; prev.files += fs.length
        if (until < prev.until) prev.until = until
        if (!prev.forTypes.includes(first.dataType)) prev.forTypes.push(first.dataType)
      }
    }
    if (closed.length && final) lost.push({ night: first.night, type: first.dataType, setup, obId: first.obId, obName: first.obName, prog: first.prog, firstFile: first.file, missing: closed })
  }
  const rows = new Map<string, Row>()
  for (const o of observations.filter((x) => x.science)) {
    const k = `${o.type}\u0000${o.setup}`
    if (!rows.has(k)) rows.set(k, { type: o.type, setup: o.setup, status: 'OK', cells: {} })
    const row = rows.get(k)!
    const c = row.cells[o.night] ??= { status: 'OK', final: true, files: 0 }
    c.status = worst(c.status, o.status); c.final &&= o.final; c.files += o.files
    row.status = worst(row.status, o.status)
  }
  const columns = nights.map((night) => {
    const sci = observations.filter((o) => o.science && o.night === night)
    return {
      night, files: sci.reduce((n, o) => n + o.files, 0), modes: [...new Set(sci.map((o) => o.mode).filter(Boolean))].sort(), daytime: daytime.get(night)!,
      status: sci.length ? sci.reduce<CalStatus>((w, o) => worst(w, o.status), 'OK') : null,
    }
  })
  const statuses = columns.map((c) => c.status).filter((s): s is CalStatus => s !== null)
  const rank = (x: Action) => (x.status === 'MISS' ? 0 : 1)
  return {
    instrument, now: new Date(nowMs).toISOString(), status: statuses.length ? statuses.reduce(worst) : null, nights: columns,
    rows: [...rows.values()].sort((x, y) => x.type.localeCompare(y.type) || x.setup.localeCompare(y.setup)),
    actions: [...actions.values()].sort((x, y) => rank(x) - rank(y) || x.until.localeCompare(y.until)), lost,
    observations: observations.sort((x, y) => x.ts.localeCompare(y.ts)),
  }
}
