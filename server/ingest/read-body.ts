import { ApiError } from '../http/api-error.ts'
import { parseBody, parseNdjsonLine, type ParsedBody } from './parse-body.ts'

/**
 * Reads and parses a request body. NDJSON is parsed line by line while the
 * body is still arriving, so parsing overlaps the network transfer; the size
 * limit is enforced on the bytes actually received (chunked bodies included).
 *
 * @example
 * const { items, problems } = await readBody(c.req.raw, 32 << 20)
 */
export async function readBody(req: Request, maxBytes: number): Promise<ParsedBody> {
  const type = req.headers.get('content-type') ?? ''
  const ndjson = /^application\/(x-)?ndjson|^application\/jsonl/i.test(type)
  if (!req.body) return parseBody('', type)
  const reader = req.body.getReader()
  const decoder = new TextDecoder()
  const tooBig = () => new ApiError(413, 'payload_too_large', `The body exceeds the limit of ${maxBytes} bytes; send smaller batches`)
  let size = 0
  if (!ndjson) {
    let text = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > maxBytes) { await reader.cancel(); throw tooBig() }
      text += decoder.decode(value, { stream: true })
    }
    return parseBody(text + decoder.decode(), type)
  }
  const out: ParsedBody = { items: [], problems: [], problemCount: 0 }
  let rest = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) { await reader.cancel(); throw tooBig() }
    const text = rest + decoder.decode(value, { stream: true })
    let start = 0
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      parseNdjsonLine(text.slice(start, nl), out)
      start = nl + 1
    }
    rest = text.slice(start)
  }
  parseNdjsonLine(rest + decoder.decode(), out)
  return out
}
