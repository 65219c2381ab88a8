import type { Context } from 'hono'
import { ApiError } from './api-error.ts'

/** File parts of one multipart request (each is parsed and answered on its own). */
export const MAX_PARTS = 100

/**
 * The file parts of a multipart body (buffered within the body limit), at most MAX_PARTS.
 *
 * @example
 * for (const f of await formFiles(c)) await ingest(f.name, new Uint8Array(await f.arrayBuffer()))
 */
export async function formFiles(c: Context): Promise<File[]> {
  const form = await c.req.parseBody({ all: true })
  const files = Object.values(form).flat().filter((v): v is File => v instanceof File)
  if (files.length > MAX_PARTS) {
    throw new ApiError(400, 'too_many_files', `The form holds ${files.length} files; send at most ${MAX_PARTS} per request`, [{ field: '(body)', reason: `more than ${MAX_PARTS} file parts` }])
  }
  return files
}
