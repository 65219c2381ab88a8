const DAY = 86_400_000

/**
 * Observatory nights. A night is labelled by the date of its evening, and the
 * monitor changes date at the day boundary (ESO: 21:00 UT): a time belongs to
 * the night of date(t − boundary), so a 10:00 UT morning calibration belongs
 * to the night before.
 *
 * @example
 * const n = new NightClock(21)
 * n.nightOf(Date.parse('2024-03-02T10:05:00Z')) // '2024-03-01'
 */
export class NightClock {
  readonly boundaryMs: number
  constructor(readonly boundaryHour: number) {
    this.boundaryMs = boundaryHour * 3_600_000
  }

  /** Night number: days since 1970-01-01 of the night's date. */
  nightIndex(ms: number): number {
    return Math.floor((ms - this.boundaryMs) / DAY)
  }

  /** Night label, YYYY-MM-DD. */
  nightOf(ms: number): string {
    return new Date(this.nightIndex(ms) * DAY).toISOString().slice(0, 10)
  }

  /** Label of a night number. */
  label(index: number): string {
    return new Date(index * DAY).toISOString().slice(0, 10)
  }

  /** Unix ms at which night `index` begins (its evening's day boundary). */
  startOf(index: number): number {
    return index * DAY + this.boundaryMs
  }
}
