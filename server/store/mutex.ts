/**
 * A FIFO async lock: `run` calls wait for the previous one to settle.
 *
 * @example
 * const m = new Mutex()
 * await m.run(async () => write(batch))
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve()

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn)
    this.#tail = result.catch(() => undefined)
    return result
  }
}
