import { staticGet } from './static-data.ts'
import type { DriftFinding } from '../../server/drift/drift-verdict.ts'

let apiToken: string | null = null
/** The signed-in token, sent with every request (set by <qc-app> when the session changes). */
export function setApiToken(token: string | null): void { apiToken = token }
/** The Authorization header of the signed-in identity (none when signed out). */
export const authHeaders = (): Record<string, string> => (apiToken ? { authorization: `Bearer ${apiToken}` } : {})

/** Fetches JSON from the qcloop API (or the exported static data); a failed request becomes an Error carrying the API's message. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  if ((window as unknown as { QCLOOP_STATIC?: boolean }).QCLOOP_STATIC) return staticGet<T>(path)
  let res: Response
  try {
    res = await fetch(path, { headers: { accept: 'application/json', ...authHeaders() }, signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new Error('The qcloop server cannot be reached (network error).')
  }
  const body = await res.json().catch(() => null)
  if (!res.ok) throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`)
  return body as T
}

/** POSTs JSON as the signed-in identity; errors carry the API's message and details. */
export async function postJson<T>(path: string, data: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', body: JSON.stringify(data), headers: { 'content-type': 'application/json', ...authHeaders() } })
  const body = await res.json().catch(() => null)
  if (!res.ok) {
    const details = body?.error?.details?.map((d: { field: string; reason: string }) => `${d.field}: ${d.reason}`).join('; ')
    throw new Error(`${body?.error?.message ?? res.statusText}${details ? ` (${details})` : ''}`)
  }
  return body as T
}

export type Score = 'green' | 'yellow' | 'red' | 'grey'

export interface ParamHealth {
  param: string; setup: string; unit: string; class: string | null; score: Score; cause: string; reason: string
  last: { ts: string; value: number; product: string }
  nights: { night: string; score: Score | null }[]
  /** A trend towards a limit with its forecast, or a shift inside the limits (server/drift). */
  drift?: SeriesDrift
}
/** GET /api/v1/correlation (server/routes/correlation.ts). */
export interface CorrelationResponse {
  instrument: string; n: number; pearson: number | null; spearman: number | null; toleranceHours: number
  x: { param: string; setup: string; unit: string; values: number }
  y: { instrument: string; param: string; setup: string; unit: string; values: number }
  fit: { slope: number; intercept: number; slopeLo: number; slopeHi: number; pairsUsed: number } | null
  pairs: { t: number[]; x: number[]; y: number[]; product: string[]; yProduct: string[] }
}
/** One series' drift verdict as the health answer carries it. */
export interface SeriesDrift { text: string; finding: DriftFinding }
export type { DriftFinding }
export interface ValidityLine {
  report: string; setup: string; nights: number; status: 'valid' | 'reminder' | 'expired' | 'never'; severity: Score
  ageNights: number | null; last: { ts: string; product: string; night: string } | null; validUntilNight: string | null; overdueNights: number | null; matches?: string[]
}
export interface InstrumentHealth {
  name: string; score: Score; paramScore: Score; causes: string[]; newest: string | null
  reports: { name: string; score: Score; params: ParamHealth[] }[]
  validity: ValidityLine[]; validityScore: Score
}
/** An intervention, technical night or news item (GET /api/v1/events, and the monitor's news). */
export interface InstrumentEventView {
  id: string; instrument: string; at: string; until: string | null; kind: 'intervention' | 'technical' | 'news'; title: string; text: string
  scope: { reports: string[]; params: string[]; setups: string[] }; resetsBaseline: boolean; public: boolean; by?: string; ageDays?: number
}
export interface Health { now: string; night: string; dayBoundaryUT: number; newest: string | null; newestAgeHours: number | null; instruments: InstrumentHealth[]; news?: InstrumentEventView[] }

export interface SeriesColumns {
  setup: string; count: number; reduced: boolean; bucketMs: number | null
  t: number[]; value: number[]; product: string[]; score: Score[]; cause: string[]
  warnLo: (number | null)[]; warnHi: (number | null)[]; critLo: (number | null)[]; critHi: (number | null)[]; reference: (number | null)[]
}
export interface RuleInfo { id: string; version: number; type: string; setup: string; from: string | null; until: string | null; warning: unknown; critical: unknown; by: string | null; why: string | null }
export interface SeriesResponse { instrument: string; param: string; unit: string; reduced: boolean; rules: RuleInfo[]; series: SeriesColumns[] }

export interface CatalogueParam {
  name: string; unit: string; description: string; class: string | null; count: number; catalogued: boolean
  /** Where unit and description came from: the catalogue, an ESO QC dictionary, the card's comment, or nowhere. */
  source?: 'catalogue' | 'dictionary' | 'comment' | null
  setups: { setup: string; count: number; first: string; last: string }[] }
export interface Catalogue { instruments: { name: string; description: string; reports: { name: string; description: string; params: CatalogueParam[] }[] }[] }

export interface ProductDetail {
  product: string; report: string; ts: string; file: string | null; recipe: string | null; pipeline: string | null
  /** Every product file that contributed values (per file and PRO CATG), with its recipe and pipeline version. */
  sources?: { file: string | null; proCatg: string | null; recipe: string | null; pipeline: string | null; values: number }[]
  /** Text and logical QC cards of the product (shown, never trended); absent for public readers. */
  attributes?: { keyword: string; value: string; hdu: number }[]
  values: { param: string; setup: string; value: number; score: Score; cause: string; flagged: { by?: string; at: string; why?: string } | null }[]
  comments: { kind: string; text: string; by: string; at: string; param: string; setup: string; internal: boolean }[]
}
export interface CommentMarker { kind: string; report: string; param: string; setup: string; t: number; product: string; text: string; by: string }
