/**
 * Failed authentications per client address, in fixed windows: after `limit` failures
 * within `windowMs` an address is refused until its window ends. Bounded: at most
 * `maxAddresses` are remembered (the oldest window is forgotten first), so a flood of
 * addresses cannot grow memory.
 *
 * @example
 * const f = new AuthFailures({ limit: 10, windowMs: 60_000 })
 * f.record('203.0.113.7'); f.blockedFor('203.0.113.7') // 0 until the 10th failure
 */
export class AuthFailures {
  readonly #seen = new Map<string, { start: number; count: number }>()
  readonly limit: number
  readonly windowMs: number
  readonly #max: number
  readonly #clock: () => number

  constructor(o: { limit?: number; windowMs?: number; maxAddresses?: number; clock?: () => number } = {}) {
    this.limit = o.limit ?? 10
    this.windowMs = o.windowMs ?? 60_000
    this.#max = o.maxAddresses ?? 10_000
    this.#clock = o.clock ?? Date.now
  }

  /** Counts one failure of an address. */
  record(address: string): void {
    const now = this.#clock()
    const w = this.#seen.get(address)
    if (w && now - w.start < this.windowMs) { w.count++; return }
    this.#seen.delete(address)
    if (this.#seen.size >= this.#max) this.#seen.delete(this.#seen.keys().next().value!)
    this.#seen.set(address, { start: now, count: 1 })
  }

  /** Seconds until the address may try again; 0 when it may now. */
  blockedFor(address: string): number {
    const w = this.#seen.get(address)
    if (!w || w.count < this.limit) return 0
    const left = w.start + this.windowMs - this.#clock()
    return left > 0 ? Math.ceil(left / 1000) : 0
  }
}
