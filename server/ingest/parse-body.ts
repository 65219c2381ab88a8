import { ApiError, MAX_LISTED_PROBLEMS, type RowProblem } from '../http/api-error.ts'

/** Placeholder for an NDJSON line that was not JSON (already reported as a problem). */
export const UNPARSEABLE = Symbol('unparseable')

/**
 * Splits a request body into raw row objects: a JSON array, or NDJSON (one
 * object per line; blank lines ignored). A line that is not JSON is a row
 * problem like any other, so the answer lists all of them.
 *
 * @example
 * parseBody('{"a":1}\n{"a":2}\n', 'application/x-ndjson') // { items: [{a:1},{a:2}], problems: [] }
 */
export function parseBody(text: string, contentType: string): ParsedBody {
  const type = contentType.split(';')[0].trim().toLowerCase()
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl') {
    return parseNdjson(text)
  }
  if (type !== 'application/json' && type !== '') {
    throw new ApiError(415, 'unsupported_media_type', `Send application/json (an array) or application/x-ndjson, not ${type}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new ApiError(400, 'invalid_json', `The body is not valid JSON: ${(e as Error).message}`)
  }
  if (!Array.isArray(parsed)) throw new ApiError(400, 'invalid_body', 'The body must be a JSON array of measurements')
  return { items: parsed, problems: [], problemCount: 0 }
}

export interface ParsedBody {
  items: unknown[]
  problems: RowProblem[]
  problemCount: number
}

function parseNdjson(text: string): ParsedBody {
  const out: ParsedBody = { items: [], problems: [], problemCount: 0 }
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    parseNdjsonLine(text.slice(start, end), out)
    start = end + 1
  }
  return out
}

/**
 * Parses one NDJSON line into `out` (blank lines are skipped). A line that is
 * not JSON keeps its row number and becomes a listed problem.
 */
export function parseNdjsonLine(raw: string, out: ParsedBody): void {
  const line = raw.trim()
  if (line === '') return
  const row = out.items.length
  try {
    out.items.push(JSON.parse(line))
  } catch {
    // Keep the row's place so later row numbers still match the sender's data rows.
    out.items.push(UNPARSEABLE)
    out.problemCount++
    const hint = /NaN|Infinity/.test(line) ? ' (NaN and Infinity are not numbers in JSON)' : ''
    if (out.problems.length < MAX_LISTED_PROBLEMS) out.problems.push({ row, field: '(row)', reason: `not valid JSON${hint}` })
  }
}
