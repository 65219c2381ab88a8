import { readLease, writeLease } from '../server/store/leases-store.ts'
import type { StoreClient } from '../server/store/client.ts'

/**
 * A lease in the store with an expiry, so that exactly one of several qcloop processes on one
 * ClickHouse evaluates alerts and sends email: the holder renews it on every run; the others
 * take it only once it has expired (the holder died or stopped). ClickHouse has no
 * compare-and-set, so taking is write-then-read-back: when two processes take an expired lease
 * at once, the newest write wins and both read the same winner. Limits: the processes' clocks
 * must agree to well within the lease's length (ttlMs, default 30 s), and a holder that stalls
 * longer than it may act once more before it reads that it lost. An email the holder handed to
 * SMTP but had not yet recorded as sent when it died is sent again by the next holder: delivery
 * is at-least-once, and the copy carries the same Message-ID (mailer.ts), so mail systems can drop it.
 * Tested with two worker processes and kill -9: test/alerts/lease-takeover.test.ts.
 *
 * @example
 * const lease = new Lease(store, 'alerting', `${hostname()}:${process.pid}`)
 * if (await lease.hold()) await engine.evaluate()
 */
export class Lease {
  #stamp = 0
  constructor(private store: StoreClient, readonly name: string, readonly holder: string, private ttlMs = 30_000, private clock: () => number = Date.now) {}

  /** True when this process holds the lease (taking or renewing it); false while another one does. */
  async hold(): Promise<boolean> {
    const now = this.clock()
    const current = await readLease(this.store, this.name)
    if (current && current.holder !== this.holder && current.expiresMs > now) return false
    // Updated-at strictly increasing per writer, and past the current row's, so this write is the newest.
    this.#stamp = Math.max(now, this.#stamp + 1, (current?.updatedMs ?? 0) + 1)
    await writeLease(this.store, this.name, { holder: this.holder, expiresMs: now + this.ttlMs, updatedMs: this.#stamp })
    return (await readLease(this.store, this.name))?.holder === this.holder
  }

  /** Gives the lease up (on a clean stop), so a standby takes over at once rather than after the expiry. */
  async release(): Promise<void> {
    const current = await readLease(this.store, this.name)
    if (current?.holder !== this.holder) return
    this.#stamp = Math.max(this.clock(), this.#stamp + 1, current.updatedMs + 1)
    await writeLease(this.store, this.name, { holder: this.holder, expiresMs: 0, updatedMs: this.#stamp })
  }
}
