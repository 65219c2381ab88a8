import { open } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { FitsFormatError } from './card.ts'
import { BLOCK, CARD, HeaderBuilder, type Header } from './header.ts'
import { DEFAULT_FITS_LIMITS, FitsLimitError, MiB, UnpackBound, type FitsLimits } from './limits.ts'

/**
 * Reads every header (primary and extensions) of a `.fits` or gzip-compressed
 * `.fits.gz` file without keeping any data unit in memory: plain files skip
 * data by seeking, compressed ones stream through and discard it. Memory use
 * is that of the headers (bounded by `limits`), whatever the file's size.
 *
 * @example
 * const headers = await readFitsHeaders('MASTER_BIAS.fits.gz')
 * headers[0].cards.find((c) => c.key === 'INSTRUME')?.value // 'MUSE'
 */
export async function readFitsHeaders(path: string, limits: FitsLimits = DEFAULT_FITS_LIMITS, parse: ParseHeader = parseHeaderInline): Promise<Header[]> {
  const fh = await open(path, 'r')
  try {
    // One read of the first 64 KiB serves the magic number and most products' headers entirely.
    const head = Buffer.alloc(FIRST_READ)
    const { bytesRead } = await fh.read(head, 0, FIRST_READ, 0)
    if (head[0] === 0x1f && head[1] === 0x8b) return await readGzip(createReadStream(path), limits, parse)
    const { size } = await fh.stat()
    return await readPlain(async (pos, len) => {
      if (pos + len <= bytesRead || (pos < bytesRead && bytesRead === size)) return head.subarray(pos, Math.min(pos + len, bytesRead))
      const buf = Buffer.alloc(len)
      const r = await fh.read(buf, 0, len, pos)
      return buf.subarray(0, r.bytesRead)
    }, size, limits, parse)
  } finally {
    await fh.close()
  }
}

/**
 * Reads headers from an in-memory FITS file (e.g. an uploaded body). Gzip is
 * detected and decompressed as a stream, within the unpacked-size bounds.
 *
 * @example
 * readFitsHeadersFromBuffer(await file.arrayBuffer())
 */
export async function readFitsHeadersFromBuffer(data: Uint8Array, limits: FitsLimits = DEFAULT_FITS_LIMITS, parse: ParseHeader = parseHeaderInline): Promise<Header[]> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (buf[0] === 0x1f && buf[1] === 0x8b) return readGzip(Readable.from([buf]), limits, parse)
  return readPlain(async (pos, len) => buf.subarray(pos, Math.min(pos + len, buf.length)), buf.length, limits, parse)
}

const FIRST_READ = 64 * 1024

type ReadAt = (pos: number, len: number) => Promise<Uint8Array>

async function readPlain(readAt: ReadAt, size: number, limits: FitsLimits, parse: ParseHeader): Promise<Header[]> {
  if (size === 0) throw new FitsFormatError('empty file')
  const start = Buffer.from(await readAt(0, 10)).toString('latin1')
  if (!start.startsWith('SIMPLE  =')) throw new FitsFormatError('not a FITS file: it does not start with a SIMPLE card')
  const headers: Header[] = []
  const framer = new HeaderFramer(limits)
  let pos = 0
  while (pos < size) {
    framer.begin(headers.length)
    while (!framer.ended && pos < size) {
      // Read 10 blocks at a time: most ESO headers fit, fewer system calls.
      const chunk = await readAt(pos, BLOCK * 10)
      let used = 0
      while (used < chunk.length && !framer.ended) {
        framer.push(chunk.subarray(used, used + BLOCK))
        used += BLOCK
      }
      pos += used
    }
    const header = await framer.parse(parse)
    headers.push(header)
    if (pos + header.dataBytes > size) {
      throw new FitsFormatError(`HDU ${header.index} is truncated: its data unit needs ${header.dataBytes} bytes, ${size - pos} remain`)
    }
    pos += header.dataBytes
  }
  return headers
}

/** Decompresses a gzip stream, counting bytes in and out against the bounds, and reads its headers. */
function readGzip(compressed: Readable, limits: FitsLimits, parse: ParseHeader): Promise<Header[]> {
  let inBytes = 0
  compressed.on('data', (c: Buffer) => { inBytes += c.length })
  const gunzip = compressed.pipe(createGunzip())
  compressed.on('error', (e) => gunzip.destroy(e))
  const bound = new UnpackBound(limits)
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for await (const c of gunzip as AsyncIterable<Buffer>) {
        bound.add(c.length, inBytes)
        yield c
      }
    } catch (e) {
      if (e instanceof FitsFormatError) throw e
      throw new FitsFormatError(`not a valid gzip file: ${(e as Error).message}`)
    } finally {
      compressed.destroy()
    }
  }
  return headersFromChunks(counted(), 'compressed file', limits, parse)
}

/**
 * Reads every header of a FITS file arriving as a stream (e.g. a request body),
 * plain or gzip, keeping only the headers: data units stream through and are
 * discarded, so a 2 GB raw frame costs its headers in memory.
 *
 * @example
 * const headers = await readFitsHeadersFromStream(Readable.fromWeb(req.body))
 */
export async function readFitsHeadersFromStream(body: AsyncIterable<Uint8Array>, limits: FitsLimits = DEFAULT_FITS_LIMITS, parse: ParseHeader = parseHeaderInline): Promise<Header[]> {
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
  if (head[0] === 0x1f && head[1] === 0x8b) return readGzip(Readable.from(all()), limits, parse)
  if (!head.subarray(0, 9).toString('latin1').startsWith('SIMPLE  =')) throw new FitsFormatError('not a FITS file: it does not start with a SIMPLE card')
  return headersFromChunks(all(), 'file', limits, parse)
}

async function headersFromChunks(stream: AsyncIterable<Buffer>, what: string, limits: FitsLimits, parse: ParseHeader): Promise<Header[]> {
  const headers: Header[] = []
  const framer = new HeaderFramer(limits)
  framer.begin(0)
  let skip = 0
  let pending = Buffer.alloc(0)
  for await (const chunk of stream) {
    const buf = pending.length ? Buffer.concat([pending, chunk]) : chunk
    let off = 0
    for (;;) {
      if (skip > 0) {
        const n = Math.min(skip, buf.length - off)
        skip -= n; off += n
        if (skip > 0) break
        framer.begin(headers.length)
      }
      if (buf.length - off < BLOCK) break
      framer.push(buf.subarray(off, off + BLOCK))
      off += BLOCK
      if (framer.ended) {
        const h = await framer.parse(parse)
        headers.push(h)
        skip = h.dataBytes
        if (skip === 0) framer.begin(headers.length)
      }
    }
    pending = Buffer.from(buf.subarray(off))
  }
  if (headers.length === 0) throw new FitsFormatError(`no complete header in the ${what} (truncated?)`)
  if (skip > 0) throw new FitsFormatError(`HDU ${headers.length - 1} is truncated inside its data unit`)
  if (pending.length > 0 && pending.some((b) => b !== 0)) throw new FitsFormatError(`extension ${headers.length} is truncated`)
  return headers
}

/**
 * Parses one header's blocks (END card included) into cards: in this thread,
 * or in a worker (see header-pool.ts) so parsing never holds the event loop.
 * `cardsLeft` is what the file's card budget still allows.
 */
export type ParseHeader = (index: number, blocks: Uint8Array, limits: FitsLimits, cardsLeft: number) => Promise<Header>

/** Parses a header in this thread. */
export const parseHeaderInline: ParseHeader = async (index, blocks, limits, cardsLeft) => parseHeaderBlocks(index, blocks, limits, cardsLeft)

/** The synchronous parse behind `parseHeaderInline` and the worker. */
export function parseHeaderBlocks(index: number, blocks: Uint8Array, limits: FitsLimits, cardsLeft: number): Header {
  const b = new HeaderBuilder(index, limits, { left: cardsLeft })
  for (let off = 0; off < blocks.length && !b.ended; off += BLOCK) b.push(blocks.subarray(off, off + BLOCK))
  return b.finish()
}

/**
 * Frames one header out of a byte stream, block by block, without parsing it:
 * finds the END card and enforces the header size and HDU count bounds, so
 * only a bounded run of bytes ever goes to the parser.
 */
class HeaderFramer {
  #blocks: Uint8Array[] = []
  #index = 0
  #cardsLeft: number
  ended = false
  constructor(private limits: FitsLimits) {
    this.#cardsLeft = limits.maxCards
  }

  begin(index: number): void {
    if (index >= this.limits.maxHdus) throw new FitsLimitError('maxHdus', `more than ${this.limits.maxHdus} HDUs (limit maxHdus)`)
    this.#index = index
    this.#blocks = []
    this.ended = false
  }

  push(block: Uint8Array): void {
    if ((this.#blocks.length + 1) * BLOCK > this.limits.maxHeaderBytes) {
      throw new FitsLimitError('maxHeaderBytes', `header ${this.#index} is larger than ${MiB(this.limits.maxHeaderBytes)} without an END card (limit maxHeaderBytes)`)
    }
    this.#blocks.push(Buffer.from(block))
    this.ended = hasEndCard(block)
  }

  async parse(parse: ParseHeader): Promise<Header> {
    const h = await parse(this.#index, Buffer.concat(this.#blocks), this.limits, this.#cardsLeft)
    this.#cardsLeft -= h.cards.length
    return h
  }
}

/** True when a block holds the END card: "END" followed by 77 blanks at a card boundary. */
function hasEndCard(block: Uint8Array): boolean {
  outer: for (let off = 0; off < BLOCK; off += CARD) {
    if (block[off] !== 0x45 || block[off + 1] !== 0x4e || block[off + 2] !== 0x44) continue
    for (let i = off + 3; i < off + CARD; i++) if (block[i] !== 0x20) continue outer
    return true
  }
  return false
}

export { FitsLimitError, MiB }
