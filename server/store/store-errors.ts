/**
 * Store failures that mean something to a user, told apart from the engine's
 * errors in one place. Nothing here knows HTTP: the edge maps them to status codes.
 */

/** The store's disk is full: nothing of the write was stored; writes resume when space returns. */
export class StoreFullError extends Error {
  constructor(readonly detail: string) {
    super(`The store is out of disk space; nothing of this write was stored. Free space on the store's disk: writes resume by themselves (${detail})`)
    this.name = 'StoreFullError'
  }
}

/**
 * True for the engine's out-of-space errors (NOT_ENOUGH_SPACE, code 243, or the
 * operating system's ENOSPC text), on the embedded engine and a server alike.
 *
 * @example
 * isOutOfSpace(e) // true for "Cannot reserve 11.34 MiB, not enough space"
 */
export function isOutOfSpace(e: unknown): boolean {
  const x = e as { code?: unknown; type?: unknown; message?: unknown } | null
  if (!x) return false
  return String(x.code) === '243' || x.type === 'NOT_ENOUGH_SPACE' || /No space left on device|not enough space|ENOSPC/i.test(String(x.message ?? ''))
}

/** Whether the store took its last write, and since when it has refused writes for lack of space. */
export class StoreSpace {
  #fullSince: number | null = null
  #detail = ''
  #listeners: ((full: boolean, detail: string) => void)[] = []
  constructor(private clock: () => number = Date.now) {}

  get fullSince(): number | null { return this.#fullSince }
  get detail(): string { return this.#detail }

  /** Calls `fn` when the store becomes full, and again when writes succeed again. */
  onChange(fn: (full: boolean, detail: string) => void): void { this.#listeners.push(fn) }

  /** Runs a write; an out-of-space failure becomes a StoreFullError and marks the store full, a success clears it. */
  async guard<T>(write: () => Promise<T>): Promise<T> {
    try {
      const r = await write()
      if (this.#fullSince !== null) this.#set(null, '')
      return r
    } catch (e) {
      if (!isOutOfSpace(e)) throw e
      const detail = String((e as Error).message).trim().slice(0, 200)
      if (this.#fullSince === null) this.#set(this.clock(), detail)
      throw new StoreFullError(detail)
    }
  }

  #set(since: number | null, detail: string): void {
    this.#fullSince = since
    this.#detail = detail
    for (const fn of this.#listeners) fn(since !== null, detail)
  }
}
