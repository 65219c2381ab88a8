/** A header value: text, logical, integer (bigint beyond 2^53), real, or null when the card has no value. */
export type FitsValue = string | boolean | number | bigint | null

/** One header keyword record, with HIERARCH and CONTINUE already resolved. */
export interface Card {
  /** Keyword without HIERARCH, e.g. `ESO QC OUT1 RON MASTER`, `NAXIS1`. */
  key: string
  value: FitsValue
  comment: string
  /** The card's 80 characters as written (first card of a CONTINUE chain). */
  raw: string
}

export class FitsFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FitsFormatError'
  }
}

/** Keywords whose records carry no value indicator (FITS 4.0 §4.4.2.4). */
const COMMENTARY = new Set(['COMMENT', 'HISTORY', '', 'END'])

/**
 * Parses one 80-character card (FITS 4.0 §4.1–4.2), including ESO's HIERARCH
 * convention. Returns `null` for blank and commentary cards. CONTINUE cards are
 * returned with key `CONTINUE` and their string value for the caller to join.
 *
 * @example
 * parseCard("HIERARCH ESO QC OUT1 RON MASTER = 1.062 / Read noise frame in ADU")
 * // { key: 'ESO QC OUT1 RON MASTER', value: 1.062, comment: 'Read noise frame in ADU', raw: ... }
 */
export function parseCard(raw: string): Card | null {
  const name = raw.slice(0, 8).trimEnd()
  if (name === 'HIERARCH') {
    const eq = raw.indexOf('=', 8)
    if (eq < 0) return null // HIERARCH commentary without a value
    const { value, comment } = parseValue(raw.slice(eq + 1), raw)
    return { key: raw.slice(8, eq).trim().replace(/\s+/g, ' '), value, comment, raw }
  }
  if (name === 'CONTINUE') {
    const { value, comment } = parseValue(raw.slice(8), raw)
    return { key: 'CONTINUE', value, comment, raw }
  }
  if (COMMENTARY.has(name) || raw.slice(8, 10) !== '= ') return null
  const { value, comment } = parseValue(raw.slice(10), raw)
  return { key: name, value, comment, raw }
}

const INT = /^[+-]?\d+$/
const REAL = /^[+-]?(\d+\.?\d*|\.\d+)([EeDd][+-]?\d+)?$/

function parseValue(field: string, raw: string): { value: FitsValue; comment: string } {
  const s = field.trimStart()
  if (s.startsWith("'")) {
    // String: '' is an escaped quote; trailing spaces are not significant (§4.2.1.1).
    let i = 1, text = ''
    for (;;) {
      const q = s.indexOf("'", i)
      if (q < 0) throw new FitsFormatError(`unterminated string in card: ${raw.trimEnd()}`)
      text += s.slice(i, q)
      if (s[q + 1] === "'") { text += "'"; i = q + 2; continue }
      i = q + 1
      break
    }
    return { value: text.replace(/ +$/, ''), comment: commentOf(s.slice(i)) }
  }
  const slash = s.indexOf('/')
  const token = (slash < 0 ? s : s.slice(0, slash)).trim()
  const comment = slash < 0 ? '' : s.slice(slash + 1).trim()
  if (token === '') return { value: null, comment }
  if (token === 'T' || token === 'F') return { value: token === 'T', comment }
  if (INT.test(token)) {
    const big = BigInt(token)
    const safe = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    return { value: safe ? Number(big) : big, comment }
  }
  if (REAL.test(token)) return { value: Number(token.replace(/[Dd]/, 'E')), comment }
  // Complex numbers and anything else are kept as their text.
  return { value: token, comment }
}

function commentOf(rest: string): string {
  const slash = rest.indexOf('/')
  return slash < 0 ? '' : rest.slice(slash + 1).trim()
}
