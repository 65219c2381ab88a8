/**
 * A small LRU of rendered answers, each tagged with the writer generation of
 * its instrument: an entry is served only while no value of that instrument
 * has been written since. Trend plots are read far more often than written
 * (a morning of viewers, one batch of new values a night).
 *
 * @example
 * const cache = new SeriesCache(256, (i) => writer.generation(i))
 * cache.get('UVES', key) ?? cache.set('UVES', key, await render())
 */
export class SeriesCache<T = string> {
  #entries = new Map<string, { gen: number; body: T }>()
  constructor(private capacity: number, private generation: (instrument: string) => number) {}

  get(instrument: string, key: string): T | undefined {
    const e = this.#entries.get(key)
    if (!e) return undefined
    this.#entries.delete(key)
    if (e.gen !== this.generation(instrument)) return undefined
    this.#entries.set(key, e) // most recently used goes last
    return e.body
  }

  set(instrument: string, key: string, body: T): T {
    this.#entries.set(key, { gen: this.generation(instrument), body })
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!)
    return body
  }
}
