import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { StoreClient } from './client.ts'

/** What a values read needs (the API's ValuesQuery, validated at the edge, with its time range in ms). */
export interface ValuesRequest { instrument: string; report?: string; param: string[]; setup: string[]; fromMs: number; toMs: number }

/** Rows per page, on average: a page is read, written to the response and dropped, so memory stays flat. */
const PAGE = 50_000

// Text that a spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets a leading
// apostrophe (OWASP's CSV-injection advice); numbers are never text cells, so -1.5 stays -1.5.
const neutral = (x: string) => `if(match(${x}, '^[-=+@\\t\\r]'), concat('''', ${x}), ${x})`
// Strings are quoted only when they must be (RFC 4180), so plain files stay plain.
const csv = (raw: string) => { const x = neutral(raw); return `if(match(${x}, '[",\\r\\n]'), concat('"', replaceAll(${x}, '"', '""'), '"'), ${x})` }

/** The columns of a value record, as SQL over the joined value, score and flag columns (prefixed _ so names do not clash). */
const COLUMNS: [string, string][] = [
  ['instrument', '{i:String}'],
  ['report', '_report'],
  ['param', '_param'],
  ['setup', '_setup'],
  ['unit', 'transform(_param, {names:Array(String)}, {units:Array(String)}, \'\')'],
  ['ts', "concat(replaceOne(toString(_ts, 'UTC'), ' ', 'T'), 'Z')"],
  ['mjd', 'round(toUnixTimestamp64Milli(_ts) / 86400000 + 40587, 8)'],
  ['value', '_value'],
  ['product', '_product'],
  ['status', "if(_status = 1, 'preliminary', 'final')"],
  ['score', "if(_cause = '', 'grey', ['grey', 'green', 'yellow', 'red'][_score + 1])"],
  ['cause', "if(_cause = '', 'pending', _cause)"],
  ['flagged', 'toBool(_flagged)'],
]
const NUMERIC = new Set(['mjd', 'value', 'flagged'])

/**
 * What a values query may read: its parameters (public ones only unless `all`; null when none is
 * left), the query parameters, and the WHERE parts for series, report and time window.
 */
function scope(q: ValuesRequest, cat: InstrumentCatalogue | undefined, all: boolean) {
  const defs = new Map(cat?.reports.flatMap((r) => r.params.map((p) => [p.name, { unit: p.unit, public: p.public }])) ?? [])
  const allowed = all ? null : [...defs].filter(([, d]) => d.public).map(([name]) => name)
  const params = q.param.length ? q.param.filter((p) => !allowed || allowed.includes(p)) : allowed ?? []
  if (!all && params.length === 0) return null
  const base = { i: q.instrument, params, report: q.report ?? '', setups: q.setup, names: [...defs.keys()], units: [...defs.values()].map((d) => d.unit) }
  const series = `instrument = {i:String}
    AND (empty({params:Array(String)}) OR param IN {params:Array(String)})
    AND (empty({setups:Array(String)}) OR setup IN {setups:Array(String)})`
  const filter = `${series} AND ({report:String} = '' OR report = {report:String})`
  const window = `ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')`
  return { params, base, series, filter, window }
}

/** Values joined with their newest score, false-value flag and (optionally) their product's text cards, as `_`-prefixed columns. */
function joined(db: string, sc: { series: string; filter: string; window: string }, attributes: boolean): string {
  const { series, filter, window } = sc
  return `(
        SELECT report AS _report, param AS _param, setup AS _setup, ts AS _ts, value AS _value, product AS _product, status AS _status,
          score AS _score, cause AS _cause, flagged AS _flagged${attributes ? ', attrs AS _attributes' : ''}
        FROM (SELECT report, param, setup, ts, value, product, status FROM ${db}.qc_values FINAL WHERE ${filter} AND ${window}) AS v
        LEFT JOIN (SELECT param, setup, ts, product, argMax(score, scored_at) AS score, argMax(cause, scored_at) AS cause
          FROM ${db}.qc_scores WHERE ${series} AND ${window} GROUP BY param, setup, ts, product) AS s USING (param, setup, ts, product)
        LEFT JOIN (SELECT param, setup, ts, product, 1 AS flagged FROM ${db}.qc_flags FINAL WHERE instrument = {i:String} AND flag = 1 AND ${window}) AS f
          USING (param, setup, ts, product)${attributes ? `
        LEFT JOIN (SELECT product, CAST((groupArray(keyword), groupArray(value)), 'Map(String, String)') AS attrs
          FROM ${db}.qc_product_attrs FINAL WHERE instrument = {i:String} GROUP BY product) AS a USING (product)` : ''})`
}

/**
 * Reads the values of a query page by page (time windows of the primary key),
 * joined in ClickHouse with their newest score and false-value flag and
 * formatted there as CSV lines or JSON objects, one per line; only public
 * parameters unless `all`. Yields text pages until the query is exhausted.
 *
 * @example
 * for await (const text of valuePages(store, q, catalogue, false, 'csv')) await out.write(text)
 */
export async function* valuePages(store: StoreClient, q: ValuesRequest, cat: InstrumentCatalogue | undefined, all: boolean, format: 'csv' | 'ndjson'): AsyncGenerator<string> {
  const sc = scope(q, cat, all)
  if (!sc) return
  const { base, filter, window } = sc
  const db = store.database
  const span = await store.client.query({
    query: `SELECT toUnixTimestamp64Milli(min(ts)) AS lo, toUnixTimestamp64Milli(max(ts)) AS hi, count() AS n FROM ${db}.qc_values WHERE ${filter} AND ${window}`,
    query_params: { ...base, from: q.fromMs, to: q.toMs }, format: 'JSONEachRow',
  })
  const [{ lo, hi, n }] = await span.json<{ lo: string; hi: string; n: string }>()
  if (Number(n) === 0) return
  // JSON records of a full view also carry their product's text and logical QC cards (`attributes`,
  // keyword → text); the CSV's columns are a fixed contract and public readers never see attributes.
  const attributes = all && format === 'ndjson'
  const select = format === 'csv'
    ? `arrayStringConcat([${COLUMNS.map(([k, e]) => NUMERIC.has(k) ? `toString(${e})` : csv(e)).join(', ')}], ',') AS line`
    : [...COLUMNS.map(([k, e]) => `${e} AS ${k}`), ...(attributes ? ['_attributes AS attributes'] : [])].join(', ')
  // A page is a time window (a day at least), sized from the mean density so it holds ~PAGE rows.
  const step = Math.max(86_400_000, Math.floor(((Number(hi) - Number(lo) + 1) / Number(n)) * PAGE))
  for (let a = Number(lo); a <= Number(hi); a += step) {
    const rs = await store.client.query({
      query: `SELECT ${select} FROM ${joined(db, sc, attributes)} ORDER BY _param, _setup, _ts, _product`,
      query_params: { ...base, from: a, to: Math.min(a + step - 1, Number(hi), q.toMs) },
      format: format === 'csv' ? 'TabSeparatedRaw' : 'JSONEachRow',
      clickhouse_settings: { join_use_nulls: 0, output_format_json_escape_forward_slashes: 0 },
    })
    const text = await rs.text()
    if (text) yield text
  }
}

/** More values than this in one Parquet answer: the engine builds it whole (embedded), so the request must narrow. */
export const MAX_PARQUET_VALUES = 5_000_000

/**
 * The values of a query as one Parquet file, written by the engine (`FORMAT Parquet`: typed
 * columns — ts a UTC timestamp in ms, value and mjd doubles, flagged boolean), streamed from it.
 * `tooMany` when the query holds more than MAX_PARQUET_VALUES (the caller refuses it).
 */
export async function valuesParquet(store: StoreClient, q: ValuesRequest, cat: InstrumentCatalogue | undefined, all: boolean): Promise<{ stream: NodeJS.ReadableStream } | { tooMany: number }> {
  // Nothing readable (no public parameter) still answers a Parquet file: its columns, no rows.
  const sc = scope(q, cat, all) ?? { ...scope(q, cat, true)!, series: '0', filter: '0' }
  const { filter, window } = sc
  const base = { ...sc.base, from: q.fromMs, to: q.toMs }
  const db = store.database
  const counted = await store.client.query({ query: `SELECT count() AS n FROM ${db}.qc_values WHERE ${filter} AND ${window}`, query_params: base, format: 'JSONEachRow' })
  const n = Number((await counted.json<{ n: string }>())[0].n)
  if (n > MAX_PARQUET_VALUES) return { tooMany: n }
  // Typed columns: the time as a timestamp, not text (Parquet readers give pandas/astropy datetimes).
  const typed = COLUMNS.map(([k, e]) => (k === 'ts' ? '_ts AS ts' : `${e} AS ${k}`)).join(', ')
  const r = await store.client.exec({
    query: `SELECT ${typed} FROM ${joined(db, sc, false)} ORDER BY _param, _setup, _ts, _product FORMAT Parquet`,
    query_params: base, clickhouse_settings: { join_use_nulls: 0, output_format_parquet_compression_method: 'zstd' },
  })
  return { stream: r.stream }
}

export const CSV_COLUMNS = COLUMNS.map(([name]) => name)
export const CSV_HEADER = '# instrument, report (data type), param (QC1 parameter), setup, unit, ts (observation time, UTC ISO 8601), mjd (Modified Julian Date),'
  + ' value, product (file), status (preliminary|final), score (green|yellow|red|grey), cause (why), flagged (marked false by QC)'
