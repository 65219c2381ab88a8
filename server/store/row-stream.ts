import { Readable } from 'node:stream'

/** Rows encoded per event-loop turn: a few ms of work on this machine's cores. */
const ROWS_PER_TURN = 5_000

/** A TabSeparated field: strings escaped as ClickHouse reads them back (backslash, tab, line breaks). */
const field = (v: string | number): string =>
  typeof v === 'number' ? String(v) : /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESC[c]) : v
const ESC: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/**
 * Rows as a TabSeparated byte stream for `insert(..., format: 'TabSeparated')`,
 * encoded a few thousand rows per event-loop turn: a 500k-row group commit
 * never holds the loop for the ~0.8 s that encoding it in one go takes.
 * Numbers are written as JavaScript's shortest round-trip text (exact for
 * Float64); integers for DateTime64(3) columns are read as milliseconds.
 *
 * @example
 * await store.bulk.insert({ table, columns, values: tsvRows(rows, (r) => [r.a, r.b]), format: 'TabSeparated' })
 */
export function tsvRows<T>(rows: T[], toFields: (row: T) => (string | number)[]): Readable {
  async function* encode(): AsyncGenerator<string> {
    for (let i = 0; i < rows.length; i += ROWS_PER_TURN) {
      let text = ''
      const end = Math.min(rows.length, i + ROWS_PER_TURN)
      for (let k = i; k < end; k++) {
        // Fields joined by hand: map + join made two arrays per row (a tenth of an ingest's time in GC).
        const f = toFields(rows[k])
        let line = field(f[0])
        for (let x = 1; x < f.length; x++) line += '\t' + field(f[x])
        text += line + '\n'
      }
      yield text
      if (end < rows.length) await new Promise((r) => setImmediate(r))
    }
  }
  // Not object mode: the client passes a byte stream through as the body.
  return Readable.from(encode(), { objectMode: false })
}
