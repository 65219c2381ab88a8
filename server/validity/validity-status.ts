import type { NightClock } from '../time/night.ts'

export type ValidityStatus = 'valid' | 'reminder' | 'expired' | 'never'

/** Newest calibrations of one coverage unit (a setup, or a setup glob of the catalogue). */
export interface CalibrationsSeen {
  setup: string
  /** Newest calibration that did not score red (or was forced OK). */
  goodTs?: number
  goodProduct?: string
  /** Newest calibration whatever its score. */
  anyTs?: number
}

export interface ValidityLine {
  report: string
  setup: string
  /** Validity in nights. */
  nights: number
  status: ValidityStatus
  /** green / yellow / red for the lights: a reminder is yellow, expired (or never taken) red. */
  severity: 'green' | 'yellow' | 'red'
  /** Nights between the calibration's night and the current night. */
  ageNights: number | null
  ageDays: number | null
  last: { ts: string; product: string; night: string } | null
  /** Last night the calibration covers. */
  validUntilNight: string | null
  /** Nights past validity (expired only). */
  overdueNights: number | null
  /** A newer calibration exists but scored red. */
  newerRejected: boolean
  /** The setups a catalogue glob stands for, spelt out (those seen in the store); absent for a plain setup. */
  matches?: string[]
}

/**
 * Judges one calibration type for one setup: valid while its age in nights is
 * within the validity; a reminder in the last 30 % of it (yellow); expired after
 * (red); never when none was ever taken (red).
 *
 * @example
 * validityLine('BIAS', 1, { setup: 'BLUE', goodTs, goodProduct }, Date.now(), new NightClock(21))
 */
export function validityLine(report: string, nights: number, seen: CalibrationsSeen, nowMs: number, clock: NightClock): ValidityLine {
  const base = { report, setup: seen.setup, nights, newerRejected: seen.anyTs !== undefined && (seen.goodTs === undefined || seen.anyTs > seen.goodTs) }
  if (seen.goodTs === undefined) {
    return { ...base, status: 'never', severity: 'red', ageNights: null, ageDays: null, last: null, validUntilNight: null, overdueNights: null }
  }
  const calNight = clock.nightIndex(seen.goodTs)
  const age = clock.nightIndex(nowMs) - calNight
  const status: ValidityStatus = age > nights ? 'expired' : age > 0.7 * nights ? 'reminder' : 'valid'
  const severity = status === 'expired' ? 'red' : status === 'reminder' ? 'yellow' : 'green'
  return {
    ...base, status, severity, ageNights: age, ageDays: Math.round(((nowMs - seen.goodTs) / 86_400_000) * 100) / 100,
    last: { ts: new Date(seen.goodTs).toISOString(), product: seen.goodProduct ?? '', night: clock.label(calNight) },
    validUntilNight: clock.label(calNight + nights), overdueNights: status === 'expired' ? age - nights : null,
  }
}
