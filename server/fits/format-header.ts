import { BLOCK, CARD } from './header.ts'

/**
 * Formats one header as FITS bytes: 80-character cards, an END card, blank
 * padding to a multiple of 2880 bytes. Cards longer than 80 characters are
 * refused. Used to write test products and benchmark batches.
 *
 * @example
 * formatHeader(['SIMPLE  =                    T', 'NAXIS   =                    0', "HIERARCH ESO QC RON = 5.5"])
 */
export function formatHeader(cards: string[]): Buffer {
  const lines = [...cards, 'END']
  for (const c of lines) if (c.length > CARD) throw new Error(`card longer than 80 characters: ${c}`)
  const text = lines.map((c) => c.padEnd(CARD, ' ')).join('')
  const size = Math.ceil(text.length / BLOCK) * BLOCK
  return Buffer.from(text.padEnd(size, ' '), 'latin1')
}

/** A fixed-format card: keyword in columns 1–8, value indicator, value right-aligned to column 30. */
export function card(key: string, value: string | number | boolean, comment = ''): string {
  const v = typeof value === 'string' ? `'${value.replace(/'/g, "''").padEnd(8, ' ')}'` : typeof value === 'boolean' ? (value ? 'T' : 'F') : String(value)
  const head = key.length > 8 || key.includes(' ') ? `HIERARCH ${key} = ${v}` : `${key.padEnd(8, ' ')}= ${typeof value === 'string' ? v : v.padStart(20, ' ')}`
  return (comment ? `${head} / ${comment}` : head).slice(0, CARD)
}
