/**
 * qcloop's log: one line per event, JSON (`{"level","time","msg",…fields}`) for journald, Loki
 * and friends, or a short human line in a terminal. Secrets never reach the sink: fields named
 * like a credential are replaced, and every string registered with `secret()` (the admin token,
 * the SMTP and ClickHouse passwords) is cut out of every line, message and error text included —
 * a credential that slips into an error message from a library is still not written.
 *
 * @example
 * const log = createLogger({ format: 'json', level: 'info' })
 * log.secret(token)
 * log.child({ requestId }).info('request', { method: 'GET', route: '/api/v1/health', status: 200, ms: 3.2 })
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFormat = 'json' | 'pretty'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  /** A logger that adds `fields` to every line (a request id, a component). */
  child(fields: LogFields): Logger
  /** Registers a string that must never be written (shorter than 6 characters: ignored, it would cut words). */
  secret(value: string | undefined): void
}

export interface LoggerOptions {
  format?: LogFormat
  level?: LogLevel
  /** Where lines go; default: stdout for debug/info, stderr for warn/error. */
  write?: (line: string, level: LogLevel) => void
  clock?: () => number
}

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }
/** Field names whose values are credentials whatever they hold. */
const CREDENTIAL = /token|password|passwd|secret|authorization|cookie|api[-_]?key/i
const REDACTED = '[redacted]'

export function createLogger(o: LoggerOptions = {}): Logger {
  const secrets = new Set<string>()
  const format = o.format ?? 'json', min = RANK[o.level ?? 'info'], clock = o.clock ?? Date.now
  const write = o.write ?? ((line: string, level: LogLevel) => (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(line + '\n'))
  const scrub = (s: string) => {
    for (const v of secrets) if (s.includes(v)) s = s.split(v).join(REDACTED)
    return s
  }
  const emit = (level: LogLevel, base: LogFields, msg: string, fields?: LogFields) => {
    if (RANK[level] < min) return
    const all = { ...base, ...fields }
    const line = format === 'json'
      ? JSON.stringify({ level, time: new Date(clock()).toISOString(), msg, ...plain(all) })
      : pretty(level, clock(), msg, plain(all))
    write(scrub(line), level)
  }
  const make = (base: LogFields): Logger => ({
    debug: (m, f) => emit('debug', base, m, f),
    info: (m, f) => emit('info', base, m, f),
    warn: (m, f) => emit('warn', base, m, f),
    error: (m, f) => emit('error', base, m, f),
    child: (f) => make({ ...base, ...f }),
    secret: (v) => { if (v && v.length >= 6) secrets.add(v) },
  })
  return make({})
}

/** Fields as JSON-safe values: errors become their message (and stack at debug), credentials are replaced. */
function plain(fields: LogFields): LogFields {
  const out: LogFields = {}
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue
    out[k] = CREDENTIAL.test(k) ? REDACTED : v instanceof Error ? v.message : v
  }
  return out
}

function pretty(level: LogLevel, ms: number, msg: string, fields: LogFields): string {
  const time = new Date(ms).toISOString().slice(11, 19)
  const rest = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')
  return `${time} ${level === 'info' ? '' : `${level.toUpperCase()} `}${msg}${rest ? `  ${rest}` : ''}`
}
