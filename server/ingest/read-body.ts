import { DomainError } from '../domain-errors.ts'
import { BodyParser, type ParsedBody } from './parse-body.ts'
import { JsonItems, JsonItemsError } from './json-items.ts'

/** Largest body of one action (a flag, comment, rule change, acknowledgement, grade list), in bytes. */
export const MAX_ACTION_BYTES = 1 << 20

/** Text handed to a parser in one event-loop turn (characters): bounds how long one turn can take. */
const SLICE = 64 * 1024

/**
 * Reads and parses a request body of rows (JSON array or NDJSON) while it
 * arrives, a slice at a time with a turn of the event loop between slices, so
 * a large body never holds the loop and parsing overlaps the transfer. The
 * size limit is enforced on the bytes actually received (chunked bodies too).
 *
 * @example
 * const { items, problems } = await readBody(c.req.raw, 32 << 20)
 */
export async function readBody(req: Request, maxBytes: number): Promise<ParsedBody> {
  const parser = new BodyParser(req.headers.get('content-type') ?? '')
  if (req.body) for await (const t of decodedSlices(req.body, maxBytes)) parser.push(t)
  return parser.end()
}

/**
 * Reads one JSON object body (an action, a grade list) within `maxBytes`, nesting at most 32 levels.
 *
 * @example
 * const raw = await readJsonObject(c.req.raw, 1 << 20)
 */
export async function readJsonObject(req: Request, maxBytes: number): Promise<unknown> {
  let text = ''
  // Depth and size are checked while the document arrives, before JSON.parse sees it.
  const scan = new JsonItems('one', (item) => { text = item }, { maxItemChars: maxBytes, maxDepth: 32 })
  try {
    if (req.body) for await (const t of decodedSlices(req.body, maxBytes)) scan.push(t)
    scan.end()
  } catch (e) {
    if (e instanceof JsonItemsError) throw new DomainError('invalid', 'invalid_json', `The body is not valid JSON: ${e.message.replace(/^row 0 /, 'it ')}`)
    throw e
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new DomainError('invalid', 'invalid_json', 'The body is not valid JSON')
  }
}

/** The body as UTF-8 text slices while it arrives; invalid UTF-8 is a 400, more than `maxBytes` a 413. */
async function* decodedSlices(body: ReadableStream<Uint8Array>, maxBytes: number): AsyncGenerator<string> {
  const reader = body.getReader()
  // fatal: a byte sequence that is not UTF-8 is refused, never silently replaced by U+FFFD.
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let size = 0
  const decode = (v?: Uint8Array) => {
    try {
      return v ? decoder.decode(v, { stream: true }) : decoder.decode()
    } catch {
      throw new DomainError('invalid', 'invalid_encoding', `The body is not valid UTF-8 (near byte ${size})`)
    }
  }
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await reader.cancel()
      throw new DomainError('too_large', 'payload_too_large', `The body exceeds the limit of ${maxBytes} bytes; send smaller batches`)
    }
    const text = decode(value)
    for (let i = 0; i < text.length; i += SLICE) {
      yield text.slice(i, i + SLICE)
      await new Promise((r) => setImmediate(r))
    }
  }
  yield decode()
}
