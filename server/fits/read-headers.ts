import { open } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { FitsFormatError } from './card.ts'
import { BLOCK, HeaderBuilder, type Header } from './header.ts'

/**
 * Reads every header (primary and extensions) of a `.fits` or gzip-compressed
 * `.fits.gz` file without keeping any data unit in memory: plain files skip
 * data by seeking, compressed ones stream through and discard it. Memory use
 * is that of the headers, whatever the file's size.
 *
 * @example
 * const headers = await readFitsHeaders('MASTER_BIAS.fits.gz')
 * headers[0].cards.find((c) => c.key === 'INSTRUME')?.value // 'MUSE'
 */
export async function readFitsHeaders(path: string): Promise<Header[]> {
  const fh = await open(path, 'r')
  try {
    // One read of the first 64 KiB serves the magic number and most products' headers entirely.
    const head = Buffer.alloc(FIRST_READ)
    const { bytesRead } = await fh.read(head, 0, FIRST_READ, 0)
    if (head[0] === 0x1f && head[1] === 0x8b) return await readGzip(path)
    const { size } = await fh.stat()
    return await readPlain(async (pos, len) => {
      if (pos + len <= bytesRead || (pos < bytesRead && bytesRead === size)) return head.subarray(pos, Math.min(pos + len, bytesRead))
      const buf = Buffer.alloc(len)
      const r = await fh.read(buf, 0, len, pos)
      return buf.subarray(0, r.bytesRead)
    }, size)
  } finally {
    await fh.close()
  }
}

/**
 * Reads headers from an in-memory FITS file (e.g. an uploaded body). Gzip is detected.
 *
 * @example
 * readFitsHeadersFromBuffer(await file.arrayBuffer())
 */
export async function readFitsHeadersFromBuffer(data: Uint8Array): Promise<Header[]> {
  if (data[0] === 0x1f && data[1] === 0x8b) {
    const { gunzipSync } = await import('node:zlib')
    data = gunzipSync(data)
  }
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return readPlain(async (pos, len) => buf.subarray(pos, Math.min(pos + len, buf.length)), buf.length)
}

const FIRST_READ = 64 * 1024

type ReadAt = (pos: number, len: number) => Promise<Uint8Array>

async function readPlain(readAt: ReadAt, size: number): Promise<Header[]> {
  if (size === 0) throw new FitsFormatError('empty file')
  const start = Buffer.from(await readAt(0, 10)).toString('latin1')
  if (!start.startsWith('SIMPLE  =')) throw new FitsFormatError('not a FITS file: it does not start with a SIMPLE card')
  const headers: Header[] = []
  let pos = 0
  while (pos < size) {
    const h = new HeaderBuilder(headers.length)
    while (!h.ended) {
      if (pos >= size) break
      // Read 10 blocks at a time: most ESO headers fit, fewer system calls.
      const chunk = await readAt(pos, BLOCK * 10)
      let used = 0
      while (used < chunk.length && !h.ended) {
        h.push(chunk.subarray(used, used + BLOCK))
        used += BLOCK
      }
      pos += used
    }
    const header = h.finish()
    headers.push(header)
    if (pos + header.dataBytes > size) {
      throw new FitsFormatError(`HDU ${header.index} is truncated: its data unit needs ${header.dataBytes} bytes, ${size - pos} remain`)
    }
    pos += header.dataBytes
  }
  return headers
}

function readGzip(path: string): Promise<Header[]> {
  return headersFromChunks(createReadStream(path).pipe(createGunzip()) as AsyncIterable<Buffer>, 'compressed file')
}

/**
 * Reads every header of a FITS file arriving as a stream (e.g. a request body),
 * plain or gzip, keeping only the headers: data units stream through and are
 * discarded, so a 2 GB raw frame costs its headers in memory.
 *
 * @example
 * const headers = await readFitsHeadersFromStream(Readable.fromWeb(req.body))
 */
export async function readFitsHeadersFromStream(body: AsyncIterable<Uint8Array>): Promise<Header[]> {
  const it = body[Symbol.asyncIterator]()
  let first = await it.next()
  while (!first.done && first.value.length === 0) first = await it.next()
  if (first.done) throw new FitsFormatError('empty file')
  const head = Buffer.from(first.value)
  const rest = { [Symbol.asyncIterator]: () => it } as AsyncIterable<Uint8Array>
  async function* all(): AsyncGenerator<Buffer> {
    yield head
    for await (const c of rest) yield Buffer.from(c)
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return headersFromChunks(Readable.from(all()).pipe(createGunzip()) as AsyncIterable<Buffer>, 'compressed file')
  if (!head.subarray(0, 9).toString('latin1').startsWith('SIMPLE  =')) throw new FitsFormatError('not a FITS file: it does not start with a SIMPLE card')
  return headersFromChunks(all(), 'file')
}

async function headersFromChunks(stream: AsyncIterable<Buffer>, what: string): Promise<Header[]> {
  const headers: Header[] = []
  let builder: HeaderBuilder | null = new HeaderBuilder(0)
  let skip = 0
  let pending = Buffer.alloc(0)
  for await (const chunk of stream) {
    let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk
    let off = 0
    for (;;) {
      if (skip > 0) {
        const n = Math.min(skip, buf.length - off)
        skip -= n; off += n
        if (skip > 0) break
        builder = new HeaderBuilder(headers.length)
      }
      if (buf.length - off < BLOCK) break
      if (builder!.push(buf.subarray(off, off + BLOCK))) {
        const h = builder!.finish()
        headers.push(h)
        skip = h.dataBytes
        if (skip === 0) builder = new HeaderBuilder(headers.length)
      }
      off += BLOCK
    }
    pending = Buffer.from(buf.subarray(off))
  }
  if (headers.length === 0) throw new FitsFormatError(`no complete header in the ${what} (truncated?)`)
  if (skip > 0) throw new FitsFormatError(`HDU ${headers.length - 1} is truncated inside its data unit`)
  if (pending.length > 0 && pending.some((b) => b !== 0)) throw new FitsFormatError(`extension ${headers.length} is truncated`)
  return headers
}
