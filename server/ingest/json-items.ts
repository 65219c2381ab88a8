/**
 * Splits JSON text into items as it arrives — the elements of one top-level
 * array, the lines of NDJSON, or one document — without ever handing the engine more than
 * one bounded item: each item is at most `maxItemChars` long and nests at most
 * `maxDepth` levels (JSON.parse of 10 MB of `[[[[…` takes seconds), so the
 * cost of a body is linear in its size and paid a chunk at a time.
 *
 * @example
 * const s = new JsonItems('array', (text, row) => items.push(JSON.parse(text)))
 * s.push('[{"a":1},'); s.push('{"a":2}]'); s.end()
 */
export class JsonItems {
  // before: before '[' (array mode); next: expecting an item or ']'; item: inside one; after: after ']'.
  #state: 'before' | 'next' | 'item' | 'after'
  #depth = 0
  #inString = false
  #escape = false
  #parts: string[] = []
  #chars = 0
  #row = 0
  #afterComma = false

  constructor(
    readonly mode: 'array' | 'lines' | 'one',
    private onItem: (text: string, row: number) => void,
    private limits: { maxItemChars: number; maxDepth: number } = DEFAULT_ITEM_LIMITS,
  ) {
    this.#state = mode === 'array' ? 'before' : 'next'
  }

  /** Feeds the next piece of text. Throws `JsonItemsError` naming the row. */
  push(text: string): void {
    if (this.mode === 'lines') return this.#pushLines(text)
    let start = this.#state === 'item' ? 0 : -1
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (this.#state === 'item') {
        if (this.#inString) {
          if (this.#escape) this.#escape = false
          else if (c === 0x5c) this.#escape = true
          else if (c === 0x22) this.#inString = false
          continue
        }
        if (c === 0x22) this.#inString = true
        else if (c === 0x7b || c === 0x5b) {
          if (++this.#depth > this.limits.maxDepth) throw new JsonItemsError(this.#row, `row ${this.#row} nests deeper than ${this.limits.maxDepth} levels`)
        } else if ((c === 0x7d || c === 0x5d) && this.#depth > 0) this.#depth--
        else if (this.mode === 'array' && this.#depth === 0 && (c === 0x2c || c === 0x5d)) {
          this.#emit(text, start, i)
          this.#state = c === 0x2c ? 'next' : 'after'
          this.#afterComma = c === 0x2c
        }
        continue
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
      if (this.#state === 'before') {
        if (c !== 0x5b) throw new JsonItemsError(null, 'the body must be a JSON array of objects (or NDJSON with its content type)')
        this.#state = 'next'
      } else if (this.#state === 'next') {
        if (c === 0x5d && this.mode === 'array' && !this.#afterComma) { this.#state = 'after'; continue }
        this.#state = 'item'
        start = i
        i-- // the item's first character is read in the item state
      } else {
        throw new JsonItemsError(null, 'there is text after the end of the JSON array')
      }
    }
    if (this.#state === 'item') this.#keep(text.slice(Math.max(start, 0)))
  }

  /**
   * NDJSON: lines found by the engine's indexOf rather than a character loop (a line ends at any
   * newline, as JSON text cannot hold a raw one). Nesting is only measured exactly for a line
   * with more opening brackets than the depth allowed: fewer cannot nest deeper.
   */
  #pushLines(text: string): void {
    let from = 0
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.#keep(text.slice(from, nl))
      this.#state = 'item'
      this.#emit('', 0, 0)
      this.#state = 'next'
      from = nl + 1
    }
    if (from < text.length) { this.#keep(text.slice(from)); this.#state = 'item' }
  }

  /** Throws when a line nests deeper than allowed (brackets inside strings do not count). */
  #checkDepth(line: string): void {
    let open = 0
    for (let j = line.indexOf('{'); j >= 0 && open <= this.limits.maxDepth; j = line.indexOf('{', j + 1)) open++
    for (let j = line.indexOf('['); j >= 0 && open <= this.limits.maxDepth; j = line.indexOf('[', j + 1)) open++
    if (open <= this.limits.maxDepth) return
    let depth = 0, inString = false, escape = false
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i)
      if (inString) {
        if (escape) escape = false
        else if (c === 0x5c) escape = true
        else if (c === 0x22) inString = false
      } else if (c === 0x22) inString = true
      else if (c === 0x7b || c === 0x5b) {
        if (++depth > this.limits.maxDepth) throw new JsonItemsError(this.#row, `row ${this.#row} nests deeper than ${this.limits.maxDepth} levels`)
      } else if ((c === 0x7d || c === 0x5d) && depth > 0) depth--
    }
  }

  /** The end of the body: an unfinished array or item is an error; a last line without newline (or the one document) is an item. */
  end(): void {
    if (this.mode !== 'array') {
      if (this.#state === 'item') this.#emit('', 0, 0)
      return
    }
    if (this.#state === 'before') throw new JsonItemsError(null, 'the body is empty: send a JSON array')
    if (this.#state !== 'after') throw new JsonItemsError(this.#row, 'the JSON array ends early (truncated body?)')
  }

  #keep(piece: string): void {
    this.#chars += piece.length
    if (this.#chars > this.limits.maxItemChars) {
      throw new JsonItemsError(this.#row, `row ${this.#row} is longer than ${this.limits.maxItemChars.toLocaleString('en')} characters`)
    }
    this.#parts.push(piece)
  }

  #emit(text: string, start: number, i: number): void {
    this.#keep(text.slice(Math.max(start, 0), i))
    const item = this.#parts.join('')
    this.#parts = []
    this.#chars = 0
    this.#depth = 0
    this.#inString = false
    this.#escape = false
    // Blank NDJSON lines are not rows: the sender's row numbers count data lines only.
    if (this.mode === 'lines' && item.trim() === '') return
    if (this.mode === 'lines') this.#checkDepth(item)
    this.onItem(item, this.#row++)
  }
}

export const DEFAULT_ITEM_LIMITS = { maxItemChars: 1 << 20, maxDepth: 32 }

/** A body that cannot be split into items; `row` is the item at fault (null: the body as a whole). */
export class JsonItemsError extends Error {
  constructor(readonly row: number | null, message: string) {
    super(message)
    this.name = 'JsonItemsError'
  }
}
