import { worst, type ScoreName } from '../scoring/score.ts'
import type { ValidityLine } from '../validity/validity-status.ts'

/**
 * How calibrations and stale data weigh in an instrument's light on the health monitor
 * (alerts/policy.yaml `monitor:`): the colour each turns the instrument, or `ignore`.
 */
export interface MonitorWeights {
  /** An expired or never-taken calibration of a setup. */
  expired: 'red' | 'yellow' | 'ignore'
  /** A calibration in the last 30 % of its validity. */
  reminder: 'red' | 'yellow' | 'ignore'
  /** No new value of the instrument for `staleHours`. */
  stale: 'red' | 'yellow' | 'ignore'
  staleHours: number
}

export const DEFAULT_MONITOR: MonitorWeights = { expired: 'red', reminder: 'ignore', stale: 'red', staleHours: 36 }

/**
 * The instrument's light: the worst of its parameters, of its calibrations' validity and of its
 * data's freshness, each weighed as the policy says, with a cause for each that counted —
 * so an instrument whose bias expired or whose data stopped is not green. Pure.
 *
 * @example
 * instrumentLight('green', [{ report: 'BIAS', status: 'expired', ... }], newest, now, DEFAULT_MONITOR)
 * // { score: 'red', causeScore: 'red', causes: ['BIAS expired for 1 setup (2 nights overdue)'] }
 */
export function instrumentLight(params: ScoreName, validity: ValidityLine[], newestMs: number | null, nowMs: number, w: MonitorWeights): { score: ScoreName; causeScore: ScoreName; causes: string[] } {
  const scores: ScoreName[] = []
  const causes: string[] = []
  const byReport = (status: ValidityLine['status'][]) => {
    const m = new Map<string, ValidityLine[]>()
    for (const l of validity) if (status.includes(l.status)) m.set(l.report, [...(m.get(l.report) ?? []), l])
    return m
  }
  if (w.expired !== 'ignore') {
    for (const [report, lines] of byReport(['expired', 'never'])) {
      scores.push(w.expired)
      const overdue = Math.max(...lines.map((l) => l.overdueNights ?? 0))
      const never = lines.filter((l) => l.status === 'never').length
      causes.push(`${report} expired for ${lines.length} setup${lines.length > 1 ? 's' : ''}${overdue > 0 ? ` (${overdue} night${overdue > 1 ? 's' : ''} overdue)` : ''}${never ? `, ${never} never taken` : ''}`)
    }
  }
  if (w.reminder !== 'ignore') {
    for (const [report, lines] of byReport(['reminder'])) { scores.push(w.reminder); causes.push(`${report} due soon for ${lines.length} setup${lines.length > 1 ? 's' : ''}`) }
  }
  if (w.stale !== 'ignore' && newestMs !== null) {
    const hours = (nowMs - newestMs) / 3_600_000
    if (hours > w.staleHours) { scores.push(w.stale); causes.push(`no new values for ${Math.round(hours)} h`) }
  }
  return { score: worst([params, ...scores]), causeScore: worst(scores), causes }
}
