import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import { worst, type ScoreName } from '../scoring/score.ts'
import { DomainError } from '../domain-errors.ts'

/**
 * What the public may see — the same as the public export: parameters the catalogue marks
 * `public: true`, comments not marked internal, no OB names or QC0 grades, no audit log,
 * no acknowledgements or silences, no rule authors or reasons. Pure: the routes apply it to
 * their answers when `viewer.view` is 'public'.
 */
export class PublicView {
  readonly #public: Set<string>

  constructor(catalogues: InstrumentCatalogue[]) {
    this.#public = new Set(catalogues.flatMap((c) => c.reports.flatMap((r) => r.params.filter((p) => p.public).map((p) => key(c.instrument, p.name)))))
  }

  /** Whether an instrument's parameter may be shown (uncatalogued parameters never are). */
  param(instrument: string, param: string): boolean {
    return this.#public.has(key(instrument, param))
  }

  /** Public parameters of an instrument. */
  params(instrument: string): string[] {
    return [...this.#public].filter((k) => k.startsWith(`${instrument}\u0000`)).map((k) => k.slice(instrument.length + 1))
  }

  /** A comment on a value names its parameter; internal comments and private parameters' comments are hidden. */
  comment(instrument: string, c: { internal?: number | boolean; param?: string }): boolean {
    return !Number(c.internal ?? 0) && (!c.param || this.param(instrument, c.param))
  }

  /**
   * The health view with private parameters removed and roll-ups recomputed from what is
   * left (worst wins), so a hidden parameter's colour does not show through its report.
   */
  health<I extends HealthLike>(instruments: I[]): I[] {
    return instruments.map((i) => healthShowing(i, (p) => this.param(i.name, p)))
  }

  /** An alert as the public sees it (null: not at all): no details, acknowledgements or silences. */
  alert<A extends AlertLike>(a: A): Pick<A, 'key' | 'instrument' | 'kind' | 'state' | 'since' | 'began' | 'title'> | null {
    const param = typeof a.details?.param === 'string' ? a.details.param : null
    if (param !== null && !this.param(a.instrument, param)) return null
    return { key: a.key, instrument: a.instrument, kind: a.kind, state: a.state, since: a.since, began: a.began, title: a.title }
  }
}

/**
 * One instrument's health with only the parameters `shown` lets through, its report and instrument
 * lights recomputed from them (worst wins). Calibrations and freshness are public (the export shows
 * them): only the parameters' part of the light is recomputed. Used by the public view and the export.
 */
export function healthShowing<I extends HealthLike>(i: I, shown: (param: string) => boolean): I {
  const reports = i.reports.map((r) => {
    const params = r.params.filter((p) => shown(p.param))
    return { ...r, params, score: worst(params.map((p) => p.score)) }
  }).filter((r) => r.params.length > 0)
  const paramScore = worst(reports.map((r) => r.score))
  return { ...i, reports, paramScore, score: worst([paramScore, i.causeScore ?? 'grey']) }
}

const key = (instrument: string, param: string) => `${instrument}\u0000${param}`

export interface HealthLike { name: string; score: ScoreName; paramScore?: ScoreName; causeScore?: ScoreName; causes?: string[]; reports: { name: string; score: ScoreName; params: { param: string; score: ScoreName }[] }[] }
export interface AlertLike { key: string; instrument: string; kind: string; state: string; since: unknown; began?: unknown; title: string; details?: Record<string, unknown> }

/** Removes people's words from rule versions (who changed a threshold and why). */
export function publicRule<R extends { by?: unknown; why?: unknown }>({ by: _by, why: _why, ...rule }: R): Omit<R, 'by' | 'why'> {
  return rule
}

/** Removes OB names and QC0 grades (the programme's business) from calChecker rows. */
export function withoutOb<R extends { obName?: unknown; grade?: unknown }>({ obName: _n, grade: _g, ...row }: R): Omit<R, 'obName' | 'grade'> {
  return row
}

/** A private parameter asked for by a public (anonymous) reader: sign in to see it. */
export function notPublic(instrument: string, param: string): DomainError {
  return new DomainError('unauthenticated', 'not_public', `${param} of ${instrument} is not public; send a token of a reading role`)
}
