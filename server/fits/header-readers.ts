import type { Header } from './header.ts'
import { DEFAULT_FITS_LIMITS, type FitsLimits } from './limits.ts'
import { parseHeaderInline, readFitsHeaders, readFitsHeadersFromBuffer, readFitsHeadersFromStream, type ParseHeader } from './read-headers.ts'

/** The three ways a file's headers are read, bound to one parser (a worker pool in the server) and one set of limits. */
export interface HeaderReaders {
  file(path: string): Promise<Header[]>
  buffer(bytes: Uint8Array): Promise<Header[]>
  stream(body: AsyncIterable<Uint8Array>): Promise<Header[]>
}

/**
 * Binds the readers to a parser and limits.
 *
 * @example
 * const fits = headerReaders(pool.parse, { ...DEFAULT_FITS_LIMITS, maxDataBytes: 8 << 30 })
 * await fits.file('/data/landing/MASTER_BIAS.fits')
 */
export function headerReaders(parse: ParseHeader = parseHeaderInline, limits: FitsLimits = DEFAULT_FITS_LIMITS): HeaderReaders {
  return {
    file: (path) => readFitsHeaders(path, limits, parse),
    buffer: (bytes) => readFitsHeadersFromBuffer(bytes, limits, parse),
    stream: (body) => readFitsHeadersFromStream(body, limits, parse),
  }
}
