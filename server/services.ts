import type { InstrumentCatalogue } from './catalogue/catalogue-schema.ts'
import { CompiledCatalogues } from './catalogue/compiled-catalogues.ts'
import { RuleBook } from './scoring/rule-book.ts'
import { Scorer } from './scoring/scorer.ts'
import { scanDrift } from './drift/drift-scan.ts'
import { ScoringQueue } from './scoring/scoring-queue.ts'
import type { StoreClient } from './store/client.ts'
import { ValuesWriter } from './store/values-writer.ts'
import { NightClock } from './time/night.ts'
import { HeaderPool } from './fits/header-pool.ts'
import { headerReaders, type HeaderReaders } from './fits/header-readers.ts'
import { DEFAULT_FITS_LIMITS, type FitsLimits } from './fits/limits.ts'
import { PublicView } from './access/public-view.ts'
import { countScoreChanges, logScoringPasses, scoreWhatIsWritten } from './value-flow.ts'
import { ChangeFeed } from './concurrency/change-feed.ts'
import { Metrics } from './metrics/metrics.ts'
import { Dictionaries } from './catalogue/dictionaries.ts'
import { DEFAULT_MONITOR, type MonitorWeights } from './health/roll-up.ts'
import { createLogger, type Logger } from './log/logger.ts'

/** Everything the routes and background jobs share, built once per process. */
export interface Services {
  store: StoreClient
  catalogues: () => InstrumentCatalogue[]
  compiled: () => CompiledCatalogues
  writer: ValuesWriter
  rules: RuleBook
  scorer: Scorer
  scoring: ScoringQueue
  nights: NightClock
  clock: () => number
  /** What public (anonymous) readers may see, from the catalogues' `public` marks. */
  publicView: PublicView
  /** How calibrations and stale data weigh in an instrument's light (the policy's `monitor:`). */
  monitor: MonitorWeights
  /** FITS header readers: cards are parsed in worker threads with a time budget, within `fitsLimits`. */
  fits: HeaderReaders
  /** ESO QC dictionaries (QCLOOP_DICTIONARIES): units of keywords no catalogue declares. */
  dictionaries: Dictionaries
  /** What GET /metrics reports (prom-client registry and the counters the edge updates). */
  metrics: Metrics
  /** The process's structured log (server/log): background jobs and the edge write here. */
  log: Logger
  /** Stops background resources owned here (the header workers). */
  close(): Promise<void>
  /** Turns scoring right after each write on or off (off while loading bulk history). */
  setAutoScore(on: boolean): void
  /** Changes whenever scores, flags or rules change (here, or logged by another process): caches of derived views key on it. */
  scoreGeneration(): number
  /** Changes whenever values of the instrument are written (here, or logged by another process). */
  writeGeneration(instrument: string): number
  /** Changes whenever any values are written (caches over every instrument, e.g. the catalogue). */
  writeGenerationAll(): number
}

export interface ServiceOptions {
  /** Observatory day boundary, hours UT (default 21, as ESO's monitor). */
  dayBoundaryHour?: number
  clock?: () => number
  /** Score new values automatically after each write (default true). */
  autoScore?: boolean
  /** Bounds on FITS files (defaults: DEFAULT_FITS_LIMITS). */
  fitsLimits?: Partial<FitsLimits>
  /** Time budget of one FITS header in its worker, in ms (default 10 s). */
  fitsBudgetMs?: number
  /** Health-monitor weights of calibrations and stale data (default: the policy's defaults). */
  monitor?: MonitorWeights
  /**
   * Other processes write and score this store too (QCLOOP_ROLE api/worker): writes settle races
   * through the store and are logged, scoring passes are logged, and caches follow the log.
   */
  shared?: boolean
  /** ESO QC dictionaries read at start (default: none). */
  dictionaries?: Dictionaries
  /** Where events are logged (default: warnings and errors as JSON lines on stderr). */
  log?: Logger
}

/**
 * Wires the store, writer, rules, scorer and scoring queue together.
 *
 * @example
 * const s = await buildServices(store, catalogues)
 * await s.writer.write(rows); await s.scoring.idle()
 */
export async function buildServices(store: StoreClient, catalogues: InstrumentCatalogue[], o: ServiceOptions = {}): Promise<Services> {
  const clock = o.clock ?? Date.now
  const log = o.log ?? createLogger({ level: 'warn' })
  const compiled = new CompiledCatalogues(catalogues)
  const writer = new ValuesWriter(store, clock, { shared: o.shared })
  const rules = new RuleBook(store, () => catalogues)
  await rules.load()
  const nights = new NightClock(o.dayBoundaryHour ?? 21)
  // Each pass ends with the drift verdicts of the series it scored (server/drift), so the monitor reads them ready.
  const driftAfter = (instrument: string, params: string[], at: number) => scanDrift(store, catalogues.find((c) => c.instrument === instrument), instrument, params, clock(), at)
  const scorer = new Scorer(store, () => rules.versions(), { dayBoundaryHour: nights.boundaryHour, clock, afterScore: driftAfter })
  const scoring = new ScoringQueue(scorer, (l) => log.error(l, { component: 'scoring' }), clock)
  let generation = 0
  countScoreChanges(scoring, () => generation++)
  let auto = o.autoScore !== false
  scoreWhatIsWritten(writer, scoring, () => auto)
  const feed = o.shared ? new ChangeFeed(store, 1000, (l) => log.warn(l, { component: 'change-feed' })) : undefined
  if (feed) { logScoringPasses(scoring, store, clock, log); await feed.poll(); feed.start() }
  const pool = new HeaderPool({ budgetMs: o.fitsBudgetMs })
  const metrics = new Metrics(store, writer, scoring, clock)
  return {
    fits: headerReaders(pool.parse, { ...DEFAULT_FITS_LIMITS, ...o.fitsLimits }),
    close: async () => { metrics.close(); await feed?.stop(); await pool.close() },
    setAutoScore: (on: boolean) => { auto = on },
    publicView: new PublicView(catalogues),
    metrics,
    log,
    dictionaries: o.dictionaries ?? new Dictionaries([]),
    monitor: o.monitor ?? DEFAULT_MONITOR,
    store, catalogues: () => catalogues, compiled: () => compiled, writer, rules, scorer, scoring, nights, clock,
    scoreGeneration: () => generation + (feed?.scored() ?? 0),
    writeGeneration: (i) => writer.generation(i) + (feed?.written(i) ?? 0),
    writeGenerationAll: () => writer.generationAll() + (feed?.writtenAll() ?? 0),
  }
}
