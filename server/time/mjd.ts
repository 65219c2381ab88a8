/** MJD of the Unix epoch 1970-01-01T00:00:00Z. */
const MJD_UNIX_EPOCH = 40587
const DAY_MS = 86_400_000

/**
 * Modified Julian Date (days, UTC) to Unix milliseconds, rounded to the
 * millisecond (the store's precision). FITS MJD-OBS carries ~1e-10 day
 * resolution, i.e. ~10 µs, so rounding to 1 ms never merges two frames.
 *
 * @example
 * mjdToMs(60370.4201388889) // Date.UTC(2024, 2, 1, 10, 5)
 */
export function mjdToMs(mjd: number): number {
  return Math.round((mjd - MJD_UNIX_EPOCH) * DAY_MS)
}

/**
 * Unix milliseconds to MJD (days).
 *
 * @example
 * msToMjd(0) // 40587
 */
export function msToMjd(ms: number): number {
  return ms / DAY_MS + MJD_UNIX_EPOCH
}

/**
 * Formats Unix milliseconds as ClickHouse's basic DateTime64(3) text,
 * `YYYY-MM-DD hh:mm:ss.sss` (UTC).
 *
 * @example
 * msToSqlTime(0) // '1970-01-01 00:00:00.000'
 */
export function msToSqlTime(ms: number): string {
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`
}
