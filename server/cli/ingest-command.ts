import { createReadStream } from 'node:fs'
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import { ProgressBar } from './progress-bar.ts'
import type { ProductResult } from '../products/ingest-product.ts'
import { parseClientOptions } from './options.ts'
import { runPool } from '../concurrency/run-pool.ts'
import { headerValues, isRawFrame } from '../calchecker/frames-from-headers.ts'
import { readFitsHeaders } from '../fits/read-headers.ts'

type LegacyLeft = { instrument: string; values: number; products: number }[]

const FITS = /\.(fits|fit|fts)(\.gz)?$/i

/** Expands folders (recursively) into their FITS files, sorted; files are kept as given. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = []
  for (const p of paths) {
    const st = await stat(p)
    if (st.isDirectory()) {
      const entries = await readdir(p, { withFileTypes: true, recursive: true })
      for (const e of entries) if (e.isFile() && FITS.test(e.name)) out.push(join(e.parentPath ?? p, e.name))
    } else out.push(p)
  }
  return out.sort()
}

/**
 * `qcloop ingest`: posts each product as a raw body to /api/v1/products and each
 * raw frame's headers to /api/v1/headers (calChecker), sixteen at a time, with a
 * progress bar and a summary; returns 1 if any file was refused.
 */
export async function ingestCommand(args: string[]): Promise<number> {
  let opts
  try {
    opts = parseClientOptions(args, process.env, ['--rekey'])
  } catch (e) {
    process.stderr.write(`qcloop ingest: ${(e as Error).message}\n`)
    return 2
  }
  if (opts.positional.length === 0) {
    process.stderr.write('qcloop ingest: name files or folders to ingest\n')
    return 2
  }
  // --rekey: products go to the re-keying upload (admin token), which moves values a store from
  // before product identities keeps under their old names; raw frames go as usual.
  const rekey = opts.switches.has('--rekey')
  const files = await expandPaths(opts.positional)
  const bar = new ProgressBar(process.stderr, files.length, 'ingest', 'files')
  const results: (ProductResult & { legacyLeft?: LegacyLeft })[] = []
  await runPool(files.map((file) => async () => {
    results.push(await send(opts.url, opts.token, file, rekey))
    bar.update(results.length)
  }), 16)
  bar.done(results.length)
  const refused = results.filter((r) => r.status === 'refused')
  const values = results.reduce((n, r) => n + (r.accepted ?? 0), 0)
  const dups = results.reduce((n, r) => n + (r.duplicates ?? 0), 0)
  const frames = results.reduce((n, r) => n + (r.frames ?? 0), 0)
  const frameDups = results.reduce((n, r) => n + (r.frameDuplicates ?? 0), 0)
  for (const r of refused) process.stdout.write(`refused ${r.file}: ${r.reason}\n`)
  const raw = frames + frameDups > 0 ? `, ${frames} new raw frames for calChecker (${frameDups} already known)` : ''
  process.stdout.write(`${results.length - refused.length} of ${results.length} files ingested: ${values} new values, ${dups} duplicates${raw}; ${refused.length} refused\n`)
  if (rekey) {
    const moved = results.filter((r) => r.rekeyed)
    process.stdout.write(`re-keyed ${moved.length} files: ${moved.reduce((n, r) => n + (r.rekeyed?.values ?? 0), 0)} values moved from their old product names\n`)
    // What the server still keeps under old names, as of the last answer (products whose files were not among these).
    const left = results.map((r) => r.legacyLeft).filter((l) => l !== undefined).at(-1) ?? []
    for (const l of left) process.stdout.write(`still under old names: ${l.instrument}: ${l.values} values of ${l.products} products\n`)
  }
  return refused.length > 0 ? 1 : 0
}

async function send(url: string, token: string, file: string, rekey: boolean): Promise<ProductResult & { legacyLeft?: LegacyLeft }> {
  try {
    const raw = await rawFrameHeader(file)
    if (raw) return await sendRawFrame(url, token, file, raw)
    // Small files go with a Content-Length (the server parses them in memory); large ones stream.
    const size = (await stat(file)).size
    const body = size <= 16 * 1024 * 1024 ? new Uint8Array(await readFile(file)) : (Readable.toWeb(createReadStream(file)) as ReadableStream)
    const res = await fetch(`${url}/api/v1/products${rekey ? '/rekey' : ''}?name=${encodeURIComponent(basename(file))}`, {
      method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/fits', authorization: `Bearer ${token}` },
    } as RequestInit)
    const answer = await res.json().catch(() => null)
    if (answer?.results?.[0]) return { ...answer.results[0], file, ...(answer.legacyLeft ? { legacyLeft: answer.legacyLeft } : {}) }
    return { file, status: 'refused', reason: answer?.error?.message ?? `HTTP ${res.status}` }
  } catch (e) {
    return { file, status: 'refused', reason: `could not reach ${url}: ${(e as Error).message}` }
  }
}

/**
 * A raw frame's header values (ESO DPR CATG without ESO PRO CATG), read
 * locally; null for products and for files that are not readable FITS (the
 * server says why). Extension values fill in what the primary header lacks.
 */
async function rawFrameHeader(file: string): Promise<Record<string, string | number | boolean | null> | null> {
  const headers = await readFitsHeaders(file).catch(() => null)
  if (!headers || !isRawFrame(headers)) return null
  // JSON has no bigint: such integers go as text, which the server converts as it does any value.
  const out = Object.fromEntries(Object.entries(headerValues(headers)).map(([k, v]) => [k, typeof v === 'bigint' ? String(v) : v]))
  if (out.ARCFILE === undefined && out.ORIGFILE === undefined) out.ORIGFILE = basename(file)
  return out
}

/** Sends a raw frame to calChecker as one header object: kilobytes over the network, whatever the file's size. */
async function sendRawFrame(url: string, token: string, file: string, header: Record<string, unknown>): Promise<ProductResult> {
  const res = await fetch(`${url}/api/v1/headers`, {
    method: 'POST', body: JSON.stringify(header), headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
  })
  const answer = await res.json().catch(() => null)
  if (!res.ok) {
    const why = answer?.error?.details?.map((d: { field: string; reason: string }) => d.reason).join('; ')
    return { file, status: 'refused', reason: why || answer?.error?.message || `HTTP ${res.status}` }
  }
  return { file, status: 'ingested', frames: (answer.accepted ?? 0) + (answer.replaced ?? 0), duplicates: 0, accepted: 0, frameDuplicates: answer.duplicates ?? 0 }
}
