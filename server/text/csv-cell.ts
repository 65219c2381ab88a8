/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: text that would run as a formula
 * (starting with =, +, -, @, tab or CR) gets a leading apostrophe (OWASP's advice against CSV
 * injection); numbers stay numbers, so -1.5 is still -1.5. The server's CSV does the same in
 * SQL (server/data-api/values-query.ts); the dashboard's CSV download uses this.
 *
 * @example
 * csvCell('=HYPERLINK("http://x")') // `"'=HYPERLINK(""http://x"")"`
 * csvCell(-1.5)                     // '-1.5'
 */
export function csvCell(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v ?? '')
  const text = /^[-=+@\t\r]/.test(String(v)) ? `'${v}` : String(v)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
