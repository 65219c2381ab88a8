import type { StoreClient } from '../server/store/client.ts'
import { outboxHas, readDueOutbox, writeOutbox, type OutboxState } from '../server/store/alerts-store.ts'

export interface OutgoingEmail {
  id: string
  instrument: string
  recipients: string[]
  subject: string
  text: string
  html: string
  /** PNG of the trend, base64 ('' when none), attached inline as cid:trend. */
  image: string
  /** 'email' (absent: email) or 'webhook:NAME' (alerts/webhooks.ts); a webhook posts `payload`. */
  channel?: string
  payload?: string
}

/** Sends one message (an email, or a webhook's post); throws when the far end is down or refuses, and the outbox retries. */
export type Send = (m: OutgoingEmail) => Promise<void>

const MINUTE = 60_000

/**
 * The notification outbox in the store. `enqueue` is idempotent on the id;
 * `flush` sends what is due and retries failures with exponential backoff
 * (1 min, 2, 4 … at most 1 h): nothing is dropped while SMTP is down.
 *
 * @example
 * const outbox = new Outbox(store, send, Date.now)
 * await outbox.enqueue(email, Date.now()); await outbox.flush()
 */
export class Outbox {
  #flushing: Promise<number> | null = null
  #stamp = 0
  constructor(private store: StoreClient, private send: Send, private clock: () => number) {}

  async enqueue(m: OutgoingEmail, at: number): Promise<void> {
    if (await outboxHas(this.store, m.id)) return // queued before a restart: never twice
    // Due at once: `at` is a version stamp that runs ahead of the clock when evaluations pile up in
    // one millisecond, and a message due at `at` waited for the next timer (30 s) to go out.
    await this.#write(m, { status: 'pending', attempts: 0, next_attempt: Math.min(at, this.clock()), error: '', created_at: at, sent_at: null }, at)
  }

  /** Sends every due message; returns how many were sent. Flushes never overlap. */
  flush(): Promise<number> {
    this.#flushing ??= this.#flushOnce().finally(() => { this.#flushing = null })
    return this.#flushing
  }

  async #flushOnce(): Promise<number> {
    const now = this.clock()
    let sent = 0
    for (const r of await readDueOutbox(this.store, now)) {
      // Each state is a newer version than the last: than the queued row too, whose stamp may run ahead of the clock.
      const at = (this.#stamp = Math.max(this.clock(), this.#stamp + 1, Number(r.created) + 1))
      try {
        await this.send(r)
        await this.#write(r, { status: 'sent', attempts: r.attempts + 1, next_attempt: at, error: '', created_at: Number(r.created), sent_at: at }, at)
        sent++
      } catch (e) {
        const wait = Math.min(60, 2 ** r.attempts) * MINUTE
        await this.#write(r, { status: 'pending', attempts: r.attempts + 1, next_attempt: at + wait, error: String((e as Error).message).slice(0, 500), created_at: Number(r.created), sent_at: null }, at)
      }
    }
    return sent
  }

  async #write(m: OutgoingEmail, s: OutboxState, at: number) {
    await writeOutbox(this.store, m, s, at)
  }
}
