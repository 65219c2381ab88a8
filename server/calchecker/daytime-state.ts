import type { NightActivity } from '../store/calchecker-match.ts'

export type DaytimeState = 'pending' | 'ongoing' | 'finished'

const HOUR = 3_600_000

/**
 * State of the calibrations of the day after a night: pending (none taken
 * since the science ended), ongoing (some arrived), finished (the day's
 * `finished_ut` hour has passed, or a frame of the `last` data type arrived).
 * A MISS is only final once its night's day is finished.
 *
 * @example
 * daytimeState('2024-03-01', activity, Date.parse('2024-03-02T21:00Z'), 20) // 'finished'
 */
export function daytimeState(night: string, a: NightActivity | undefined, nowMs: number, finishedUt: number): DaytimeState {
  const dayAfter = Date.parse(`${night}T00:00:00Z`) + 86_400_000
  if (nowMs >= dayAfter + finishedUt * HOUR) return 'finished'
  if (!a) return 'pending'
  if (a.lastTypeMjd > 0 && a.lastTypeMjd > a.sciEnd) return 'finished'
  // Evening twilight flats come before the science; only calibrations after it are the day's.
  return a.calLast > 0 && a.calLast > a.sciEnd ? 'ongoing' : 'pending'
}
