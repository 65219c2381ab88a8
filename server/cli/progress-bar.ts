/**
 * A terminal progress bar: redrawn in place on a TTY, a line every 10 % otherwise (logs, CI).
 *
 * @example
 * const bar = new ProgressBar(process.stderr, 1_000_000, 'demo history')
 * bar.update(500_000); bar.done(1_000_000)
 */
export class ProgressBar {
  #lastDecile = -1
  #started = Date.now()
  constructor(private out: NodeJS.WriteStream, private total: number, private label: string, private unit = 'values') {}

  update(n: number): void {
    const frac = Math.min(1, n / Math.max(1, this.total))
    if (this.out.isTTY) {
      const width = 30
      const full = Math.round(frac * width)
      const rate = n / Math.max(0.001, (Date.now() - this.#started) / 1000)
      this.out.write(`\r${this.label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${n.toLocaleString('en')} ${this.unit}  ${Math.round(rate).toLocaleString('en')}/s`)
    } else {
      const decile = Math.floor(frac * 10)
      if (decile > this.#lastDecile) {
        this.#lastDecile = decile
        this.out.write(`${this.label}: ${(decile * 10).toString().padStart(3)}% (${n.toLocaleString('en')} ${this.unit})\n`)
      }
    }
  }

  done(n: number): void {
    this.update(n)
    if (this.out.isTTY) this.out.write('\n')
  }
}
