import type { ClickHouseSettings, Connection } from '@clickhouse/client-common'

/**
 * Binds query parameters (`{name:Type}`) into typed SQL literals in this
 * process, for the embedded engine only.
 *
 * Why: the embedded engine keeps query parameters in process-wide state, so
 * its binding serialises every parameterised query of the process through one
 * chain (chdb's `globalParamChain`): a trend read waited behind each write's
 * duplicate check and each re-score. Queries without parameters run side by
 * side. Callers still write parameterised SQL; this adapter turns each value
 * into a literal of its declared type — numbers checked and printed, strings
 * quoted with every quote, backslash and control character escaped — so no
 * value can end its literal. A value that does not fit its type is refused.
 * The server backend binds on the server as before.
 *
 * @example
 * bindParams('SELECT {s:String}, {n:UInt32}', { s: "it's", n: 3 }) // "SELECT 'it\\'s', 3"
 */
export function bindParams(sql: string, params: Record<string, unknown>): string {
  return sql.replace(/\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9(), ]+)\}/g, (whole, name: string, type: string) => {
    if (!Object.hasOwn(params, name)) return whole
    return literal(params[name], type.replace(/\s+/g, ''), name)
  })
}

const INT = /^(U?Int)(8|16|32|64)$/

function literal(v: unknown, type: string, name: string): string {
  const array = /^Array\((.+)\)$/.exec(type)
  if (array) {
    if (!Array.isArray(v)) throw new BindError(name, type, v)
    // CAST keeps an empty array typed (a bare [] is Array(Nothing)).
    return `CAST([${v.map((x) => literal(x, array[1], name)).join(',')}], '${type}')`
  }
  if (type === 'String') {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') throw new BindError(name, type, v)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
    return `'${String(v).replace(/[\u0000-\u001f\u007f\\']/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`
  }
  const int = INT.exec(type)
  if (int) {
    const text = typeof v === 'bigint' ? v.toString() : typeof v === 'number' && Number.isInteger(v) ? BigInt(v).toString() : typeof v === 'string' && /^-?\d+$/.test(v) ? v : null
    if (text === null || (int[1] === 'UInt' && text.startsWith('-'))) throw new BindError(name, type, v)
    return `to${type}('${text}')`
  }
  if (type === 'Float64' || type === 'Float32') {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|Infinity|nan)$/i.test(v) ? Number(v.replace(/^([-+]?)inf$/i, '$1Infinity')) : NaN
    if (typeof v !== 'number' && Number.isNaN(n) && !/nan$/i.test(String(v))) throw new BindError(name, type, v)
    // Shortest round-trip text of the double: the engine reads it back to the same bits.
    return Number.isNaN(n) ? 'nan' : n === Infinity ? 'inf' : n === -Infinity ? '-inf' : `to${type}('${String(n)}')`
  }
  if (type === 'Date') {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new BindError(name, type, v)
    return `toDate('${v}')`
  }
  if (type === 'Bool' && typeof v === 'boolean') return v ? 'true' : 'false'
  throw new BindError(name, type, v)
}

/** A parameter whose value does not fit its declared type (a programming error, never user text in SQL). */
export class BindError extends Error {
  constructor(name: string, type: string, v: unknown) {
    super(`query parameter ${name}: ${typeof v} ${JSON.stringify(String(v)).slice(0, 40)} is not a ${type}`)
    this.name = 'BindError'
  }
}

/**
 * A connection that binds parameters locally (see `bindParams`) before handing
 * each statement to the inner connection.
 *
 * @example
 * createClient({ connection: locallyBound(createChdbConnection({ path })) })
 */
export function locallyBound<S>(inner: Connection<S>): Connection<S> {
  const bind = <P extends { query: string; query_params?: Record<string, unknown>; clickhouse_settings?: ClickHouseSettings }>(p: P): P => {
    if (!p.query_params || Object.keys(p.query_params).length === 0) return p
    const query = bindParams(p.query, p.query_params)
    // Bound values are part of the text now: let long value lists (a series' points) through the parser.
    const settings = query.length > 200_000 ? { ...p.clickhouse_settings, max_query_size: String(query.length + 1024) } : p.clickhouse_settings
    return { ...p, query, query_params: undefined, clickhouse_settings: settings }
  }
  return {
    ping: (p) => inner.ping(p),
    query: (p) => inner.query(bind(p)),
    insert: (p) => inner.insert(bind(p)),
    command: (p) => inner.command(bind(p)),
    exec: (p) => inner.exec(bind(p)),
    close: () => inner.close(),
  }
}
