import { createServer, type IncomingMessage, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createChdbConnection } from 'chdb/connection'

/**
 * A STAND-IN FOR A CLICKHOUSE SERVER, FOR TESTS ONLY. It serves the parts of ClickHouse's HTTP
 * interface that the official client uses (POST / with the query in the body or in `query=`,
 * `param_*` query parameters in their text form, settings as URL parameters, an INSERT's rows
 * as the body, GET /ping) over the embedded engine, so the client's HTTP path — its settings,
 * formats, parameter encoding and error parsing — runs in CI with CLICKHOUSE_URL set, where no
 * modern ClickHouse server installs. It is not a server: no authentication, one engine, no cluster.
 *
 * @example
 * const ch = await startClickHouseStandIn(); process.env.CLICKHOUSE_URL = ch.url; ...; await ch.close()
 */
export async function startClickHouseStandIn(): Promise<{ url: string; close(): Promise<void> }> {
  const path = mkdtempSync(join(tmpdir(), 'qcloop-ch-standin-'))
  const conn = createChdbConnection({ path }) as unknown as {
    exec(p: { query: string; clickhouse_settings?: Record<string, unknown>; query_params?: Record<string, unknown>; values?: string }): Promise<{ stream: NodeJS.ReadableStream; summary?: unknown }>
    close(): Promise<void>
  }
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://standin')
      if (url.pathname === '/ping') { res.writeHead(200, { 'content-type': 'text/plain' }).end('Ok.\n'); return }
      const body = await readAll(req)
      const settings: Record<string, unknown> = {}
      const params: Record<string, unknown> = {}
      let query = ''
      for (const [k, v] of url.searchParams) {
        if (k === 'query') query = v
        else if (k.startsWith('param_')) params[k.slice(6)] = v // decoded below, once the query (and so each type) is known
        else if (!NOT_SETTINGS.has(k)) settings[k] = /^-?\d+$/.test(v) ? Number(v) : v
      }
      // The query in the URL means the body is data (an INSERT's rows); otherwise the body is the query.
      const sql = query || body
      // HTTP sends each parameter in the text form of its type; the embedded binder wants JS values.
      const types = new Map([...sql.matchAll(/\{(\w+):([^}]+)\}/g)].map((m) => [m[1], m[2]]))
      for (const [k, v] of Object.entries(params)) params[k] = decodeParam(String(v), types.get(k) ?? 'String')
      const r = await conn.exec({ query: sql, values: query ? body : undefined, clickhouse_settings: settings, query_params: params })
      res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8', 'x-clickhouse-summary': JSON.stringify({ read_rows: '0', read_bytes: '0', written_rows: '0', written_bytes: '0', total_rows_to_read: '0', result_rows: '0', result_bytes: '0', elapsed_ns: '0' }) })
      for await (const chunk of r.stream) res.write(chunk)
      res.end()
    } catch (e) {
      const err = e as { code?: string; type?: string; message: string }
      // As a server answers an error: status 500, the exception text the client parses, its code in a header.
      const code = err.code ?? '1000'
      res.writeHead(500, { 'content-type': 'text/plain; charset=UTF-8', 'x-clickhouse-exception-code': code })
        .end(`Code: ${code}. DB::Exception: ${err.message}${err.type ? ` (${err.type})` : ' (UNKNOWN_EXCEPTION)'} (version stand-in)\n`)
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()))
      await conn.close()
      rmSync(path, { recursive: true, force: true })
    },
  }
}

/** URL parameters of the HTTP interface that are not settings. */
const NOT_SETTINGS = new Set(['database', 'query_id', 'session_id', 'session_timeout', 'session_check', 'default_format', 'user', 'password', 'role'])

async function readAll(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = []
  for await (const c of req) parts.push(c as Buffer)
  return Buffer.concat(parts).toString('utf8')
}

/** A parameter's text form (as ClickHouse's HTTP interface takes it) as the JS value the embedded binder takes. */
export function decodeParam(text: string, type: string): unknown {
  const t = type.replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2')
  if (t.startsWith('Array(')) {
    let i = 0
    const value = (): unknown => {
      if (text[i] === '[') {
        i++
        const out: unknown[] = []
        while (text[i] !== ']') { out.push(value()); if (text[i] === ',') i++; while (text[i] === ' ') i++ }
        i++
        return out
      }
      if (text[i] === "'") {
        let s = ''
        for (i++; text[i] !== "'"; i++) s += text[i] === '\\' ? unescapeChar(text[++i]) : text[i]
        i++
        return s
      }
      const m = /^[^,\]]*/.exec(text.slice(i))![0]
      i += m.length
      return m === 'NULL' ? null : Number.isNaN(Number(m)) ? m : Number(m)
    }
    return value()
  }
  if (t === 'String' || t.startsWith('FixedString')) return text.replace(/\\(.)/g, (_, c: string) => unescapeChar(c))
  return text
}

const unescapeChar = (c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c
