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
  const text = decodedChunks(req.body, maxBytes)
  if (!ndjson) {
    let all = ''
    for await (const t of text) all += t
    return parseBody(all, type)
  }
  const out: ParsedBody = { items: [], problems: [], problemCount: 0 }
  let rest = ''
  for await (const t of text) {
    const chunk = rest + t
    let start = 0
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      parseNdjsonLine(chunk.slice(start, nl), out)
      start = nl + 1
    }
    rest = chunk.slice(start)
  }
  parseNdjsonLine(rest, out)
  return out
}

/** The body as UTF-8 text pieces while it arrives; more than `maxBytes` received is a 413. */
async function* decodedChunks(body: ReadableStream<Uint8Array>, maxBytes: number): AsyncGenerator<string> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await reader.cancel()
      throw new ApiError(413, 'payload_too_large', `The body exceeds the limit of ${maxBytes} bytes; send smaller batches`)
    }
    yield decoder.decode(value, { stream: true })
  }
  yield decoder.decode()
}
