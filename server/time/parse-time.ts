import { mjdToMs } from './mjd.ts'

// ISO 8601 date with optional time; without a zone the time is UTC (FITS DATE-OBS convention).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * Parses an observation time: an ISO 8601 string (UTC unless a zone is given)
 * or a number, read as MJD (days). Returns Unix milliseconds, or an error text.
 *
 * @example
 * parseTime('2024-03-01T10:05:00Z') // { ms: 1709287500000 }
 * parseTime(60370.42)               // { ms: ... } (MJD)
 * parseTime('yesterday')            // { error: 'not an ISO 8601 time or an MJD number' }
 */
export function parseTime(input: unknown): { ms: number } | { error: string } {
  // One text remembered: a batch's values come in runs of one time (all of a product's carry
  // one, a day's measurements a handful), so most rows' times are not parsed again.
  if (typeof input === 'string' && input === last.input) return last.result
  const result = Object.freeze(parse(input))
  if (typeof input === 'string') last = { input, result }
  return result
}
let last: { input: string | null; result: { ms: number } | { error: string } } = { input: null, result: { error: '' } }

function parse(input: unknown): { ms: number } | { error: string } {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { error: 'must be a finite MJD number' }
    // MJD 0..100000 covers 1858..2132; anything else is a unit mistake (seconds, ms).
    if (input < 0 || input > 100_000) return { error: `number ${input} is not a plausible MJD (days); send ISO 8601 text instead` }
    return { ms: mjdToMs(input) }
  }
  if (typeof input !== 'string') return { error: 'must be an ISO 8601 string or an MJD number' }
  // Fast path for the canonical form (what toISOString writes); Date.parse is exact for it.
  if (input.length === 24 && input[10] === 'T' && input[23] === 'Z' && input[19] === '.') {
    const ms = Date.parse(input)
    if (!Number.isNaN(ms) && new Date(ms).toISOString() === input) return { ms }
  }
  const m = ISO.exec(input.trim())
  if (!m) return { error: `${JSON.stringify(input)} is not an ISO 8601 time or an MJD number` }
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m
  const fracMs = frac ? Math.round(Number(frac) * 1000) : 0
  const day = calendarDay(+y, +mo, +d)
  if (day === null || +h > 23 || +mi > 59 || +s > 60) {
    return { error: `${JSON.stringify(input)} is not a valid calendar time` }
  }
  let ms = day + ((+h * 60 + +mi) * 60 + +s) * 1000 + fracMs
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const zh = Number(digits.slice(0, 2)), zm = Number(digits.slice(2))
    // Real UTC offsets run from -12:00 to +14:00 in whole quarter hours at most; +99:99 is a typing mistake.
    if (zh > 14 || zm > 59) return { error: `${JSON.stringify(input)} has an impossible UTC offset ${zone}` }
    ms -= sign * (zh * 60 + zm) * 60_000
  }
  return { ms }
}

/**
 * Unix ms of a calendar date's midnight UTC, or null when the date does not exist.
 * Exact for every four-digit year: Date.UTC would read years 0–99 as 1900–1999.
 *
 * @example
 * calendarDay(2024, 2, 29) // 1709164800000
 * calendarDay(2024, 99, 99) // null
 */
export function calendarDay(y: number, mo: number, d: number): number | null {
  const t = new Date(0)
  t.setUTCFullYear(y, mo - 1, d)
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null
  return t.getTime()
}

/**
 * A date label YYYY-MM-DD (a night, a report-night) that exists in the calendar.
 *
 * @example
 * dateLabelProblem('2024-99-99') // 'is not a date of the calendar'
 */
export function dateLabelProblem(v: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
  if (!m) return 'must be a date as YYYY-MM-DD'
  return calendarDay(+m[1], +m[2], +m[3]) === null ? `${v} is not a date of the calendar` : null
}

/** Earliest accepted observation time: 1980-01-01 UTC (older dates are unit or typing mistakes). */
export const EARLIEST_MS = Date.UTC(1980, 0, 1)
/** How far in the future a time may lie (clock skew between mountain and server), in ms. */
export const FUTURE_SLACK_MS = 86_400_000
