import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client'
import { createChdbConnection } from 'chdb/connection'
import { locallyBound } from './local-binding.ts'

/** Which engine answers: the embedded chDB in this process, or a ClickHouse server. */
export type Backend = 'chdb' | 'server'

/**
 * Settings sent with every query on both backends, so results never depend on
 * where the data live: 64-bit integers as strings (JS numbers lose precision
 * above 2^53) and one strict text format for times.
 */
export const CLIENT_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 1,
  date_time_input_format: 'basic',
  date_time_output_format: 'simple',
}

export interface StoreClient {
  /** Reads and small writes (requests, alerts). */
  client: ClickHouseClient
  /**
   * Bulk writes and scoring. The embedded engine runs one statement at a time
   * per session, so these get a session of their own: a 300k-row insert or a
   * re-score never makes a trend read or /healthz wait. On a server both are the
   * same client (HTTP requests already run side by side).
   */
  bulk: ClickHouseClient
  backend: Backend
  /** Database that holds qcloop's tables. */
  database: string
  close(): Promise<void>
  /** Calls `fn` with each statement's kind and time until the engine answered, s (metrics); returns the way to stop. */
  observe?(fn: StatementObserver): () => void
}

export type StatementKind = 'query' | 'insert' | 'command' | 'exec'
export type StatementObserver = (kind: StatementKind, seconds: number) => void

/**
 * The client with every statement timed for the observers: a proxy over the four calls that
 * reach the engine (a query resolves when its answer starts, so that is what is timed).
 */
function timed(client: ClickHouseClient, observers: StatementObserver[]): ClickHouseClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown
      if (typeof v !== 'function') return v
      if (prop !== 'query' && prop !== 'insert' && prop !== 'command' && prop !== 'exec') return (v as (...a: unknown[]) => unknown).bind(target)
      return async (...args: unknown[]) => {
        const t0 = performance.now()
        try {
          return await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args)
        } finally {
          const s = (performance.now() - t0) / 1000
          for (const fn of observers) fn(prop, s)
        }
      }
    },
  })
}

export interface ClientOptions {
  /** ClickHouse server URL; when absent the embedded store at `path` is used. */
  url?: string
  user?: string
  password?: string
  database: string
  /** Directory of the embedded store (created if missing). */
  path?: string
}

/**
 * Opens the store: chDB in-process by default, a ClickHouse server when `url` is given.
 * chDB locks its directory, so only one process may open a given path.
 *
 * @example
 * const store = openStoreClient({ database: 'qcloop', path: './data/store' })
 * await store.client.query({ query: 'SELECT 1' })
 */
export function openStoreClient(opts: ClientOptions): StoreClient {
  if (opts.url) {
    const client = createClient({
      url: opts.url,
      username: opts.user,
      password: opts.password,
      clickhouse_settings: CLIENT_SETTINGS,
      request_timeout: 120_000,
    })
    const observers: StatementObserver[] = [], c = timed(client, observers)
    return { client: c, bulk: c, backend: 'server', database: opts.database, close: () => client.close(), observe: (fn) => { observers.push(fn); return () => { observers.splice(observers.indexOf(fn), 1) } } }
  }
  const path = resolve(opts.path ?? './data/store')
  mkdirSync(path, { recursive: true })
  // Two sessions of the one embedded engine on the same folder (allowed within a process).
  // The engine binds query parameters through one process-wide chain, so a read would still wait
  // behind the bulk session's parameterised statements: those are bound in this process instead
  // (local-binding.ts). Reads keep the engine's binding (large value lists parse faster that way).
  const session = (localBinding: boolean) => {
    const connection = createChdbConnection({ path })
    return createClient({
      connection: localBinding ? locallyBound(connection) : connection,
      clickhouse_settings: CLIENT_SETTINGS,
    } as Parameters<typeof createClient>[0])
  }
  const client = session(false), bulk = session(true), observers: StatementObserver[] = []
  return {
    client: timed(client, observers), bulk: timed(bulk, observers), backend: 'chdb', database: opts.database,
    close: async () => { await bulk.close(); await client.close() }, observe: (fn) => { observers.push(fn); return () => { observers.splice(observers.indexOf(fn), 1) } },
  }
}

/** The engine's version: the cheapest question that proves the store answers (liveness probes). */
export async function storeVersion(store: StoreClient): Promise<string> {
  const rs = await store.client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })
  const [{ v }] = await rs.json<{ v: string }>()
  return v
}
