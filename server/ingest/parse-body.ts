import { DomainError, MAX_LISTED_PROBLEMS, type RowProblem } from '../domain-errors.ts'
import { JsonItems, JsonItemsError } from './json-items.ts'

/** Placeholder for an item that was not JSON (already reported as a problem). */
export const UNPARSEABLE = Symbol('unparseable')

export interface ParsedBody {
  items: unknown[]
  problems: RowProblem[]
  problemCount: number
}

const NDJSON = /^application\/(x-)?ndjson$|^application\/jsonl$/

/**
 * Splits a request body into raw row objects — a JSON array, or NDJSON (one
 * object per line; blank lines ignored) — a piece at a time. An item that is
 * not JSON is a row problem like any other, so the answer lists all of them;
 * a body that is not an array, nests too deep or holds an oversized row is refused whole.
 *
 * @example
 * const p = new BodyParser('application/x-ndjson'); p.push('{"a":1}\n{"a":2}\n'); p.end().items // [{a:1},{a:2}]
 */
export class BodyParser {
  readonly out: ParsedBody = { items: [], problems: [], problemCount: 0 }
  #items: JsonItems
  constructor(contentType: string) {
    const type = contentType.split(';')[0].trim().toLowerCase()
    const ndjson = NDJSON.test(type)
    if (!ndjson && type !== 'application/json' && type !== '') {
      throw new DomainError('unsupported', 'unsupported_media_type', `Send application/json (an array) or application/x-ndjson, not ${type}`)
    }
    this.#items = new JsonItems(ndjson ? 'lines' : 'array', (text, row) => this.#item(text, row))
  }

  push(text: string): void {
    try {
      this.#items.push(text)
    } catch (e) {
      throw asDomainError(e)
    }
  }

  end(): ParsedBody {
    try {
      this.#items.end()
    } catch (e) {
      throw asDomainError(e)
    }
    return this.out
  }

  #item(text: string, row: number): void {
    const out = this.out
    try {
      out.items.push(JSON.parse(text))
    } catch {
      // Keep the row's place so later row numbers still match the sender's data rows.
      out.items.push(UNPARSEABLE)
      out.problemCount++
      const hint = /NaN|Infinity/.test(text) ? ' (NaN and Infinity are not numbers in JSON)' : ''
      if (out.problems.length < MAX_LISTED_PROBLEMS) out.problems.push({ row, field: '(row)', reason: `not valid JSON${hint}` })
    }
  }
}

/**
 * A whole body at once (small bodies and tests).
 *
 * @example
 * parseBody('{"a":1}\n\n{"a":2}\n', 'application/x-ndjson') // { items: [{a:1},{a:2}], problems: [] }
 */
export function parseBody(text: string, contentType: string): ParsedBody {
  const p = new BodyParser(contentType)
  p.push(text)
  return p.end()
}

function asDomainError(e: unknown): unknown {
  if (!(e instanceof JsonItemsError)) return e
  if (e.row === null) return new DomainError('invalid', /array/.test(e.message) ? 'invalid_body' : 'invalid_json', `The body is not valid JSON: ${e.message}`)
  return new DomainError('invalid', 'invalid_json', `The body is not valid JSON: ${e.message}; nothing was written`, [{ row: e.row, field: '(row)', reason: e.message }])
}
