import { Hono, type Context } from 'hono'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { ApiError } from '../http/api-error.ts'
import { formFiles } from '../http/form-files.ts'
import { headerReaders } from '../fits/header-readers.ts'
import { ingestProduct, type ProductIngestDeps, type ProductResult } from '../products/ingest-product.ts'
import type { Metrics } from '../metrics/metrics.ts'

/**
 * `POST /api/v1/products` — product files as multipart form data (any number of
 * file fields) or one file as the raw body (`?name=` or `X-Filename` names it).
 * A raw body is streamed to a temporary file, so a 2 GB product costs only its
 * headers in memory. Answers per file; 200 when all were ingested, 207 when
 * some were refused, 422 when all were.
 *
 * @example
 * curl -H "Authorization: Bearer $T" --data-binary @MASTER_BIAS.fits \
 *   -H 'Content-Type: application/fits' 'http://127.0.0.1:8080/api/v1/products?name=MASTER_BIAS.fits'
 */
export function productsRoute(deps: ProductIngestDeps, maxRawBytes: number, metrics: Metrics, after?: (results: ProductResult[]) => Promise<Record<string, unknown>>): Hono {
  const app = new Hono()
  const fits = deps.fits ?? headerReaders()
  app.post('/', async (c) => {
    const type = (c.req.header('content-type') ?? '').toLowerCase()
    const results: ProductResult[] = []
    if (type.startsWith('multipart/form-data')) {
      const files = await formFiles(c)
      if (files.length === 0) throw new ApiError(400, 'no_files', 'The form holds no file fields')
      for (const f of files) {
        const bytes = new Uint8Array(await f.arrayBuffer())
        results.push(await ingestProduct(deps, f.name, () => fits.buffer(bytes)))
      }
    } else {
      const name = c.req.query('name') ?? c.req.header('x-filename') ?? 'upload.fits'
      if (!c.req.raw.body) throw new ApiError(400, 'empty_body', 'Send the product file as the body')
      const length = Number(c.req.header('content-length') ?? NaN)
      if (length <= IN_MEMORY_BYTES) {
        // Small products (most master calibrations' headers) are parsed in memory.
        const bytes = new Uint8Array(await c.req.arrayBuffer())
        results.push(await ingestProduct(deps, name, () => fits.buffer(bytes)))
        return answer(c, results, metrics, await after?.(results))
      }
      const dir = await mkdtemp(join(tmpdir(), 'qcloop-upload-'))
      try {
        const path = join(dir, 'product')
        let size = 0
        const limited = Readable.fromWeb(c.req.raw.body as WebReadableStream).on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxRawBytes) limited.destroy(new ApiError(413, 'payload_too_large', `The product exceeds ${maxRawBytes} bytes`))
        })
        await pipeline(limited, createWriteStream(path))
        results.push(await ingestProduct(deps, name, () => fits.file(path)))
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }
    return answer(c, results, metrics, await after?.(results))
  })
  return app
}

/** Raw bodies up to this size (bytes, from Content-Length) are read in memory; larger ones go to a temporary file. */
const IN_MEMORY_BYTES = 16 * 1024 * 1024

function answer(c: Context, results: ProductResult[], metrics: Metrics, extra: Record<string, unknown> = {}): Response {
  for (const r of results) metrics.product('products', r)
  const refused = results.filter((r) => r.status === 'refused').length
  const status = refused === 0 ? 200 : refused === results.length ? 422 : 207
  return c.json({ ingested: results.length - refused, refused, results, ...extra }, status)
}
