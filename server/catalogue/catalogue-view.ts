import type { InstrumentCatalogue, ParamDef } from './catalogue-schema.ts'
import type { StoredSeries } from '../store/stored-series.ts'
import type { ParamInfo } from '../store/param-info-store.ts'

export interface CatalogueParamView {
  name: string
  keyword: string | null
  unit: string
  description: string
  /** Where unit and description come from: the catalogue, an ESO QC dictionary, a product card's comment, or nowhere yet. */
  source: 'catalogue' | 'dictionary' | 'comment' | null
  class: string | null
  public: boolean
  /** False for values whose keyword no catalogue declares (ingested all the same). */
  catalogued: boolean
  count: number
  setups: { setup: string; count: number; first: string; last: string }[]
}

export interface CatalogueView {
  instruments: {
    name: string
    description: string
    catalogued: boolean
    reports: { name: string; description: string; params: CatalogueParamView[] }[]
  }[]
}

/**
 * Joins the declared catalogues with what the store holds: every declared
 * parameter (even with no values yet) and every stored one (even undeclared).
 *
 * @example
 * buildCatalogueView(loadCatalogues('qc-params'), await readStoredSeries(store))
 */
export function buildCatalogueView(defs: InstrumentCatalogue[], stored: StoredSeries[], info: ParamInfo[] = []): CatalogueView {
  const instruments = new Map<string, CatalogueView['instruments'][number]>()
  const params = new Map<string, CatalogueParamView>()
  const reportOf = (inst: string, report: string, description = '') => {
    let i = instruments.get(inst)
    if (!i) instruments.set(inst, (i = { name: inst, description: '', catalogued: false, reports: [] }))
    let r = i.reports.find((x) => x.name === report)
    if (!r) i.reports.push((r = { name: report, description, params: [] }))
    return r
  }
  const declare = (inst: string, report: string, p: ParamDef | null, name: string, catalogued: boolean) => {
    const view: CatalogueParamView = {
      name, keyword: p?.keyword ?? null, unit: p?.unit ?? '', description: p?.description ?? '', source: p && (p.unit || p.description) ? 'catalogue' : null,
      class: p?.class ?? null, public: p?.public ?? false, catalogued, count: 0, setups: [],
    }
    reportOf(inst, report).params.push(view)
    params.set(`${inst}\u0000${name}`, view)
    return view
  }
  for (const c of defs) {
    for (const rep of c.reports) {
      reportOf(c.instrument, rep.name, rep.description)
      for (const p of rep.params) declare(c.instrument, rep.name, p, p.name, true)
    }
    const i = instruments.get(c.instrument)!
    i.description = c.description
    i.catalogued = true
  }
  for (const s of stored) {
    const view = params.get(`${s.instrument}\u0000${s.param}`) ?? declare(s.instrument, s.report || 'UNKNOWN', null, s.param, false)
    view.count += s.count
    view.setups.push({ setup: s.setup, count: s.count, first: new Date(s.first).toISOString(), last: new Date(s.last).toISOString() })
  }
  // Undeclared parameters take what an ESO dictionary or their products' card comments said; a catalogue always wins.
  for (const i of info) {
    const view = params.get(`${i.instrument}\u0000${i.param}`)
    if (!view || view.catalogued) continue
    Object.assign(view, { unit: i.unit, description: i.description, source: i.source })
  }
  const list = [...instruments.values()].sort((a, b) => a.name.localeCompare(b.name))
  return { instruments: list }
}
