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
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, fracMs)
  const check = new Date(Date.UTC(+y, +mo - 1, +d))
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 60) {
    return { error: `${JSON.stringify(input)} is not a valid calendar time` }
  }
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  }
  return { ms }
}

/** Earliest accepted observation time: 1980-01-01 UTC (older dates are unit or typing mistakes). */
export const EARLIEST_MS = Date.UTC(1980, 0, 1)
/** How far in the future a time may lie (clock skew between mountain and server), in ms. */
export const FUTURE_SLACK_MS = 86_400_000
