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

export class Metrics {
  readonly registry = new Registry()
  readonly requests = new Counter({ name: 'qcloop_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] })
  readonly latency = new Histogram({
    name: 'qcloop_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method and route pattern (s)', labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  })
  readonly written = new Counter({ name: 'qcloop_values_written_total', help: 'QC1 values stored, by instrument', labelNames: ['instrument'] as const, registers: [this.registry] })
  readonly passes = new Counter({ name: 'qcloop_scoring_passes_total', help: 'Scoring passes run, by instrument', labelNames: ['instrument'] as const, registers: [this.registry] })

  constructor(store: StoreClient, writer: ValuesWriter, scoring: ScoringQueue, clock: () => number) {
    processMetrics() // started with the first app, so event-loop lag is measured from then on
    writer.onWritten((w) => this.written.inc({ instrument: w.instrument }, w.count))
    scoring.onScored((instrument) => this.passes.inc({ instrument }))
    const registers = [this.registry]
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

  /** The text a scrape gets: this app's metrics and the process's. */
  async text(): Promise<string> {
    return Registry.merge([this.registry, processMetrics()]).metrics()
  }

  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE

  /** Records one answered request (seconds since it started). */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) })
    this.latency.observe({ method, route }, seconds)
  }
}
