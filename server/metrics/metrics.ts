import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { ScoringQueue } from '../scoring/scoring-queue.ts'
import type { StoreClient } from '../store/client.ts'
import { outboxSummary } from '../store/alerts-store.ts'
import type { ValuesWriter } from '../store/values-writer.ts'

/**
 * What qcloop tells Prometheus about itself (`GET /metrics`, prom-client's text format): requests
 * and their latency per route, values written and re-sent per instrument, scoring passes and
 * queue depth, the alert outbox (queued, failing, sent, oldest unsent), and the process itself
 * (memory, CPU, event-loop lag: prom-client's defaults). Labels are bounded: routes are the
 * registered patterns, never raw URLs; instruments are those values were written for.
 */
/**
 * The process's own metrics (memory, CPU, event-loop lag, GC), collected once per process: they
 * install observers, and a set per app (tests build dozens) costs the event loop measurably.
 */
let processRegistry: Registry | undefined
const processMetrics = () => {
  if (!processRegistry) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry, prefix: 'qcloop_' })
  }
  return processRegistry
}

/** How values arrived: the measurements API, product files over HTTP (API or `qcloop ingest`), the landing folder. */
export type IngestWay = 'api' | 'products' | 'landing'
/** The ingestion routes by path: where a refused request is counted. */
const INGEST_ROUTES: Record<string, IngestWay | undefined> = { '/api/v1/measurements': 'api', '/api/v1/products': 'products' }

export class Metrics {
  readonly registry = new Registry()
  readonly requests = new Counter({ name: 'qcloop_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] })
  readonly latency = new Histogram({
    name: 'qcloop_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method and route pattern (s)', labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  })
  readonly written = new Counter({ name: 'qcloop_values_written_total', help: 'QC1 values stored, by instrument', labelNames: ['instrument'] as const, registers: [this.registry] })
  readonly ingested = new Counter({ name: 'qcloop_ingest_values_total', help: 'QC1 values received, by way in and outcome (accepted: new; duplicate: already stored, nothing written)', labelNames: ['way', 'outcome'] as const, registers: [this.registry] })
  readonly refused = new Counter({ name: 'qcloop_ingest_refused_total', help: 'Ingestion requests or product files refused, by way in and reason (http_<status>: a whole request; file_refused: one product file)', labelNames: ['way', 'reason'] as const, registers: [this.registry] })
  readonly storeLatency = new Histogram({
    name: 'qcloop_store_query_duration_seconds', help: 'Time until the store answered a statement (first byte of a query), by kind (s)', labelNames: ['kind'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60], registers: [this.registry],
  })
  readonly passes = new Counter({ name: 'qcloop_scoring_passes_total', help: 'Scoring passes run, by instrument', labelNames: ['instrument'] as const, registers: [this.registry] })

  #landingBacklog: () => number = () => 0
  #unobserve: (() => void) | undefined

  constructor(store: StoreClient, writer: ValuesWriter, scoring: ScoringQueue, clock: () => number) {
    processMetrics() // started with the first app, so event-loop lag is measured from then on
    this.#unobserve = store.observe?.((kind, seconds) => this.storeLatency.observe({ kind }, seconds))
    writer.onWritten((w) => this.written.inc({ instrument: w.instrument }, w.count))
    scoring.onScored((instrument) => this.passes.inc({ instrument }))
    const registers = [this.registry]
    new Gauge({ name: 'qcloop_scoring_lag_seconds', help: 'Age of the oldest write not yet scored in this process (0: all scored), s', registers, collect() { this.set(scoring.lagMs(clock()) / 1000) } })
    const backlog = () => this.#landingBacklog()
    new Gauge({ name: 'qcloop_landing_backlog_files', help: 'Files in the landing folder waiting to be ingested (0 where no folder is watched)', registers, collect() { this.set(backlog()) } })
    new Gauge({ name: 'qcloop_scoring_queue_instruments', help: 'Instruments waiting for a scoring pass', registers, collect() { this.set(scoring.pendingCount()) } })
    // The outbox is read from the store at scrape time (one small query), so every process reports the shared truth.
    const outbox = new Gauge({ name: 'qcloop_alert_outbox_messages', help: 'Alert notifications in the outbox, by state', labelNames: ['state'] as const, registers,
      async collect() {
        const o = await outboxSummary(store, clock())
        outbox.set({ state: 'queued' }, o.queued); outbox.set({ state: 'failing' }, o.failing); outbox.set({ state: 'sent' }, o.sent)
        oldest.set(o.oldestUnsentMs / 1000)
      } })
    const oldest = new Gauge({ name: 'qcloop_alert_outbox_oldest_unsent_seconds', help: 'Age of the oldest notification not yet sent (0: none waiting), s', registers })
  }

  /** Counts one accepted batch or file's values. */
  ingestedValues(way: IngestWay, accepted: number, duplicates: number): void {
    if (accepted) this.ingested.inc({ way, outcome: 'accepted' }, accepted)
    if (duplicates) this.ingested.inc({ way, outcome: 'duplicate' }, duplicates)
  }

  /** Counts a product file's outcome (the products API, the landing folder). */
  product(way: IngestWay, r: { status: 'ingested' | 'refused'; accepted?: number; duplicates?: number }): void {
    if (r.status === 'ingested') this.ingestedValues(way, r.accepted ?? 0, r.duplicates ?? 0)
    else this.refused.inc({ way, reason: 'file_refused' })
  }

  /** Stops timing the store's statements (the store outlives this app in tests). */
  close(): void {
    this.#unobserve?.()
  }

  /** The landing folder's waiting files, read at scrape time. */
  watchLanding(backlog: () => number): void {
    this.#landingBacklog = backlog
  }

  /** The text a scrape gets: this app's metrics and the process's. */
  async text(): Promise<string> {
    return Registry.merge([this.registry, processMetrics()]).metrics()
  }

  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE

  /** Records one answered request (seconds since it started). */
  observe(method: string, route: string, status: number, seconds: number, path = route): void {
    this.requests.inc({ method, route, status: String(status) })
    this.latency.observe({ method, route }, seconds)
    // A whole ingestion request refused (bad rows, too large, not allowed, store full); product
    // files refused one by one (answers 207, 422) are counted per file by product().
    // By path, not pattern: a request refused before routing (401, 413) has no pattern yet.
    const way = INGEST_ROUTES[path.replace(/\/+$/, '')]
    if (way && method === 'POST' && status >= 400 && status !== 422) this.refused.inc({ way, reason: `http_${status}` })
  }
}
