import { parseTime } from './time/parse-time.ts'
import { ANONYMOUS_MODES, type AnonymousMode } from './access/roles.ts'
import { parseRoleMap, type SsoConfig } from './access/sso.ts'
import { LOG_LEVELS, type LogFormat, type LogLevel } from './log/logger.ts'

/**
 * Runtime configuration, read once from the environment.
 * Every knob has a default so `npm start` works with no set-up.
 *
 * @example
 * const cfg = readConfig(process.env)
 * cfg.port // 8080 unless PORT is set
 */
export interface Config {
  port: number
  host: string
  /** Data directory: the embedded store, the generated token, the landing area defaults. */
  dataDir: string
  /** Write token; when undefined one is generated and kept under dataDir. */
  token?: string
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number
  /** Real ClickHouse server; when undefined the embedded chDB store is used. */
  clickhouse?: { url: string; user?: string; password?: string; database: string }
  /** Database name used in the embedded store. */
  database: string
  /** Load the demo history when the store is empty. */
  seed: boolean
  /** Landing folder watched for product files; undefined: not watched. */
  landing?: string
  /** Observatory day boundary in hours UT: the night's date changes here (ESO: 21). */
  dayBoundaryHour: number
  /** Length of the demo history in days (default 10 years; tests use less). */
  seedDays?: number
  /** The server's address as people reach it (links in emails): QCLOOP_PUBLIC_URL, else http://HOST:PORT. */
  publicUrl: string
  /**
   * Where the server's clock starts (QCLOOP_CLOCK, ISO 8601): the clock then runs on from
   * that instant. For demos and tests that must not depend on the hour they run at; unset: real time.
   */
  clockStartMs?: number
  /** Longest one FITS header may take to parse in its worker before the file is refused, ms. */
  fitsBudgetMs: number
  /** Largest data unit a FITS header may declare, bytes (beyond it the file is refused). */
  fitsMaxDataBytes: number
  /**
   * What anonymous requests may read (QCLOOP_ANONYMOUS): `all`, `public` (what the public export
   * shows) or `none`. Default: `all` while listening on loopback, `public` on any other address.
   */
  anonymous: AnonymousMode
  /** Single sign-on through an authenticating reverse proxy (QCLOOP_SSO_*); undefined: off. */
  sso?: SsoConfig
  /**
   * QCLOOP_ROLE: `all` (default) does everything; `api` serves HTTP, reads and writes, and leaves
   * scoring, alerts, the landing folder and the export schedule to a `worker`, which finds new values
   * itself (the write log in the store) and sends alerts while it holds the lease.
   */
  role: 'all' | 'api' | 'worker'
  /**
   * Alerting among several workers: the lease's length, in ms (QCLOOP_LEASE_TTL_S, default 30 s:
   * how long a standby waits after the holder died), and how often each worker evaluates and
   * flushes the outbox besides after every scoring pass, in ms (QCLOOP_ALERT_EVERY_S, default 30 s).
   */
  leaseTtlMs: number
  alertEveryMs: number
  /** The folder of instrument catalogues (QCLOOP_CATALOGUES, default qc-params). */
  catalogues: string
  /** Folders searched for ESO QC dictionaries (QCLOOP_DICTIONARIES, comma-separated; default Debian's /usr/share/cpl-plugins). */
  dictionaries: string[]
  /** The alert policy file (QCLOOP_ALERT_POLICY). */
  alertPolicy: string
  /** Alert email: SMTP server (SMTP_URL), sender (ALERT_FROM), recipients added to every instrument's (ALERT_TO, comma-separated). */
  smtpUrl?: string
  alertFrom?: string
  alertTo: string[]
  /** Webhook signing secrets by webhook name (QCLOOP_WEBHOOK_SECRET_<NAME>, NAME as in the policy's `webhooks:`, upper-cased, - as _). */
  webhookSecrets: Record<string, string>
  /** Scheduled public export (QCLOOP_EXPORT_DIR, QCLOOP_EXPORT_CRON, QCLOOP_EXPORT_TZ); undefined: none. */
  export?: { dir: string; cron: string; timezone: string }
  /** Scheduled backup by a worker (QCLOOP_BACKUP_DIR, QCLOOP_BACKUP_CRON default daily 14:00, QCLOOP_BACKUP_KEEP default 7, zone QCLOOP_BACKUP_TZ); undefined: none. */
  backup?: { dir: string; cron: string; keep: number; timezone: string }
  /**
   * Logs (QCLOOP_LOG_FORMAT `json` | `pretty`, QCLOOP_LOG_LEVEL `debug` | `info` | `warn` | `error`):
   * format undefined means pretty on a terminal, JSON lines otherwise (a service manager, a pipe).
   */
  logFormat?: LogFormat
  logLevel: LogLevel
  /** /readyz fails while scoring lags more than this behind the writes, ms (QCLOOP_READY_MAX_LAG_S, default 300 s). */
  maxScoringLagMs: number
}

const MiB = 1024 * 1024

/**
 * Builds the configuration from environment variables.
 *
 * @example
 * readConfig({ PORT: '9000', QCLOOP_DATA: '/var/lib/qcloop' })
 */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const database = env.CLICKHOUSE_DATABASE || 'qcloop'
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    throw new Error(`CLICKHOUSE_DATABASE must be a plain identifier, got ${JSON.stringify(database)}`)
  }
  const port = intOr(env.PORT, 8080, 'PORT'), host = env.HOST || '127.0.0.1'
  return {
    port,
    host,
    dataDir: env.QCLOOP_DATA || './data',
    token: env.QCLOOP_TOKEN || undefined,
    maxBodyBytes: intOr(env.QCLOOP_MAX_BODY_MB, 32, 'QCLOOP_MAX_BODY_MB') * MiB,
    clickhouse: env.CLICKHOUSE_URL
      ? { url: env.CLICKHOUSE_URL, user: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD, database }
      : undefined,
    database,
    seed: env.QCLOOP_SEED !== '0',
    landing: env.QCLOOP_LANDING || undefined,
    dayBoundaryHour: intOr(env.QCLOOP_DAY_BOUNDARY_UT, 21, 'QCLOOP_DAY_BOUNDARY_UT') % 24,
    seedDays: env.QCLOOP_SEED_DAYS ? intOr(env.QCLOOP_SEED_DAYS, 3653, 'QCLOOP_SEED_DAYS') : undefined,
    publicUrl: (env.QCLOOP_PUBLIC_URL || `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`).replace(/\/$/, ''),
    clockStartMs: env.QCLOOP_CLOCK ? clockStart(env.QCLOOP_CLOCK) : undefined,
    fitsBudgetMs: intOr(env.QCLOOP_FITS_BUDGET_MS, 10_000, 'QCLOOP_FITS_BUDGET_MS'),
    fitsMaxDataBytes: intOr(env.QCLOOP_FITS_MAX_DATA_GB, 64, 'QCLOOP_FITS_MAX_DATA_GB') * 1024 * MiB,
    anonymous: anonymousMode(env.QCLOOP_ANONYMOUS, host),
    sso: ssoConfig(env),
    role: processRole(env.QCLOOP_ROLE),
    leaseTtlMs: intOr(env.QCLOOP_LEASE_TTL_S, 30, 'QCLOOP_LEASE_TTL_S') * 1000,
    alertEveryMs: intOr(env.QCLOOP_ALERT_EVERY_S, 30, 'QCLOOP_ALERT_EVERY_S') * 1000,
    catalogues: env.QCLOOP_CATALOGUES || 'qc-params',
    dictionaries: (env.QCLOOP_DICTIONARIES ?? '/usr/share/cpl-plugins').split(',').map((s) => s.trim()).filter(Boolean),
    alertPolicy: env.QCLOOP_ALERT_POLICY || 'alerts/policy.yaml',
    smtpUrl: env.SMTP_URL || undefined,
    alertFrom: env.ALERT_FROM || undefined,
    alertTo: (env.ALERT_TO ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    webhookSecrets: Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('QCLOOP_WEBHOOK_SECRET_') && v).map(([k, v]) => [k.slice('QCLOOP_WEBHOOK_SECRET_'.length), v as string])),
    export: env.QCLOOP_EXPORT_DIR ? { dir: env.QCLOOP_EXPORT_DIR, cron: env.QCLOOP_EXPORT_CRON || '15 * * * *', timezone: env.QCLOOP_EXPORT_TZ || 'UTC' } : undefined,
    backup: env.QCLOOP_BACKUP_DIR ? { dir: env.QCLOOP_BACKUP_DIR, cron: env.QCLOOP_BACKUP_CRON || '0 14 * * *', keep: Math.max(1, intOr(env.QCLOOP_BACKUP_KEEP, 7, 'QCLOOP_BACKUP_KEEP')), timezone: env.QCLOOP_BACKUP_TZ || 'UTC' } : undefined,
    logFormat: oneOf(env.QCLOOP_LOG_FORMAT, ['json', 'pretty'] as const, 'QCLOOP_LOG_FORMAT'),
    maxScoringLagMs: intOr(env.QCLOOP_READY_MAX_LAG_S, 300, 'QCLOOP_READY_MAX_LAG_S') * 1000,
    logLevel: oneOf(env.QCLOOP_LOG_LEVEL, LOG_LEVELS, 'QCLOOP_LOG_LEVEL') ?? 'info',
  }
}

function processRole(raw: string | undefined): Config['role'] {
  if (raw === undefined || raw === '') return 'all'
  if (raw !== 'all' && raw !== 'api' && raw !== 'worker') throw new Error(`QCLOOP_ROLE must be all, api or worker, got ${JSON.stringify(raw)}`)
  return raw
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/

function anonymousMode(raw: string | undefined, host: string): AnonymousMode {
  if (raw === undefined || raw === '') return LOOPBACK.test(host) ? 'all' : 'public'
  if (!(ANONYMOUS_MODES as readonly string[]).includes(raw)) throw new Error(`QCLOOP_ANONYMOUS must be one of ${ANONYMOUS_MODES.join(', ')}, got ${JSON.stringify(raw)}`)
  return raw as AnonymousMode
}

function ssoConfig(env: NodeJS.ProcessEnv): SsoConfig | undefined {
  const userHeader = env.QCLOOP_SSO_USER_HEADER
  if (!userHeader) return undefined
  const proxies = (env.QCLOOP_SSO_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  if (proxies.length === 0) throw new Error('QCLOOP_SSO_USER_HEADER needs QCLOOP_SSO_PROXIES: the addresses of the proxy whose header is believed')
  if (!/^[A-Za-z0-9-]+$/.test(userHeader)) throw new Error(`QCLOOP_SSO_USER_HEADER must be a header name, got ${JSON.stringify(userHeader)}`)
  return { userHeader, groupsHeader: env.QCLOOP_SSO_GROUPS_HEADER || undefined, proxies, roles: parseRoleMap(env.QCLOOP_SSO_ROLES ?? '*=reader') }
}

function clockStart(raw: string): number {
  const t = parseTime(raw)
  if ('error' in t) throw new Error(`QCLOOP_CLOCK must be an ISO 8601 time, got ${JSON.stringify(raw)}: ${t.error}`)
  return t.ms
}

function oneOf<T extends string>(raw: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (raw === undefined || raw === '') return undefined
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`)
  return raw as T
}

function intOr(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`)
  return n
}
