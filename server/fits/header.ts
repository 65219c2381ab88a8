import { parseCard, FitsFormatError, type Card, type FitsValue } from './card.ts'
import { DEFAULT_FITS_LIMITS, FitsLimitError, MiB, type FitsLimits } from './limits.ts'

export const BLOCK = 2880
export const CARD = 80

/** One header-data unit's header. `index` 0 is the primary HDU. */
export interface Header {
  index: number
  cards: Card[]
  /** Size of the data unit that follows, padded to whole blocks, in bytes. */
  dataBytes: number
}

/** Cards left for the whole file: shared by its headers, so many small HDUs are bounded too. */
interface CardBudget { left: number }

/** An open CONTINUE chain: parts are joined once, at its end, so joining stays linear. */
interface Chain { card: Card; parts: string[]; comments: string[]; chars: number; open: boolean }

/**
 * Collects the cards of one header, block by block, joining CONTINUE long
 * strings (FITS 4.0 §4.2.1.2: a string ending in `&` continues on the next
 * CONTINUE card). Linear in the header's size; bounds the cards and CONTINUE
 * strings (`limits`). The header's size and the number of HDUs are bounded
 * before parsing, by the framer in read-headers.ts.
 *
 * @example
 * const h = new HeaderBuilder(0)
 * while (!h.push(nextBlock())) {}
 * const header = h.finish()
 */
export class HeaderBuilder {
  #cards: Card[] = []
  #ended = false
  #chain: Chain | null = null
  constructor(readonly index: number, private limits: FitsLimits = DEFAULT_FITS_LIMITS, private budget: CardBudget = { left: limits.maxCards }) {}

  /** Adds one 2880-byte block; returns true once the END card was seen. */
  push(block: Uint8Array): boolean {
    if (block.length !== BLOCK) throw new FitsFormatError(`header ${this.index} is truncated (a block of ${block.length} bytes, expected ${BLOCK})`)
    const text = Buffer.from(block.buffer, block.byteOffset, block.length).toString('latin1')
    for (let off = 0; off < BLOCK && !this.#ended; off += CARD) {
      const raw = text.slice(off, off + CARD)
      if (raw.startsWith('END') && raw.slice(3).trim() === '') { this.#ended = true; break }
      const card = parseCard(raw)
      if (!card) continue
      if (--this.budget.left < 0) throw new FitsLimitError('maxCards', `more than ${this.limits.maxCards} cards (limit maxCards)`)
      if (card.key === 'CONTINUE') { this.#continue(card); continue }
      this.#closeChain()
      this.#cards.push(card)
    }
    if (this.#ended) this.#closeChain()
    return this.#ended
  }

  #continue(card: Card): void {
    if (!this.#chain) {
      const prev = this.#cards[this.#cards.length - 1]
      if (!prev || typeof prev.value !== 'string' || !prev.value.endsWith('&')) return
      this.#chain = { card: prev, parts: [prev.value], comments: prev.comment ? [prev.comment] : [], chars: prev.value.length, open: true }
    }
    const c = this.#chain
    if (!c.open || typeof card.value !== 'string') return
    c.parts[c.parts.length - 1] = c.parts[c.parts.length - 1].slice(0, -1)
    c.parts.push(card.value)
    c.chars += card.value.length
    if (c.chars > this.limits.maxStringChars) {
      throw new FitsLimitError('maxStringChars', `${c.card.key} continues beyond ${this.limits.maxStringChars} characters (limit maxStringChars)`)
    }
    c.open = card.value.endsWith('&')
    if (card.comment) c.comments.push(card.comment)
  }

  #closeChain(): void {
    const c = this.#chain
    if (!c) return
    c.card.value = c.parts.join('')
    c.card.comment = c.comments.join(' ')
    this.#chain = null
  }

  get ended(): boolean {
    return this.#ended
  }

  finish(): Header {
    if (!this.#ended) throw new FitsFormatError(`header ${this.index} has no END card (file truncated?)`)
    if (this.index === 0 && this.#cards[0]?.key !== 'SIMPLE') throw new FitsFormatError('not a FITS file: the first card is not SIMPLE')
    if (this.index > 0 && this.#cards[0]?.key !== 'XTENSION') throw new FitsFormatError(`extension ${this.index} does not start with XTENSION`)
    return { index: this.index, cards: this.#cards, dataBytes: dataUnitBytes(this.#cards, this.limits.maxDataBytes, this.index) }
  }
}

/**
 * Size of the data unit described by a header, padded to 2880 bytes
 * (FITS 4.0 §4.4.1.1: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn)).
 * NAXIS must be 0–999 (§4.4.1.1) and the product is refused as soon as it
 * passes `maxBytes`, so a hostile NAXIS costs at most 999 steps.
 *
 * @example
 * dataUnitBytes(cards) // 8640 for a 30x40 16-bit image
 */
export function dataUnitBytes(cards: Card[], maxBytes = DEFAULT_FITS_LIMITS.maxDataBytes, index = 0): number {
  const byKey = new Map<string, FitsValue>()
  for (const c of cards) if (!byKey.has(c.key)) byKey.set(c.key, c.value)
  const int = (k: string, fallback: number): number => {
    const v = byKey.get(k)
    if (v === undefined) return fallback
    const n = typeof v === 'bigint' ? Number(v) : v
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new FitsFormatError(`HDU ${index}: ${k} = ${String(v)} is not a non-negative integer`)
    return n
  }
  const bitpix = byKey.get('BITPIX') ?? 8
  if (![8, 16, 32, 64, -32, -64].includes(Number(bitpix))) throw new FitsFormatError(`HDU ${index}: BITPIX = ${String(bitpix)} is not 8, 16, 32, 64, -32 or -64`)
  const naxis = int('NAXIS', 0)
  if (naxis > 999) throw new FitsFormatError(`HDU ${index}: NAXIS = ${naxis} is beyond the standard's 999`)
  if (naxis === 0) return 0
  const tooLarge = () => new FitsLimitError('maxDataBytes', `HDU ${index} declares a data unit larger than ${MiB(maxBytes)} (limit maxDataBytes)`)
  let n = 1
  for (let i = 1; i <= naxis; i++) {
    n *= int(`NAXIS${i}`, 0)
    if (n > maxBytes) throw tooLarge()
  }
  const bytes = (Math.abs(Number(bitpix)) / 8) * int('GCOUNT', 1) * (int('PCOUNT', 0) + n)
  if (bytes > maxBytes) throw tooLarge()
  return Math.ceil(bytes / BLOCK) * BLOCK
}

/**
 * First value of a keyword in a header.
 *
 * @example
 * headerValue(primary, 'MJD-OBS') // 60370.4201388889
 */
export function headerValue(h: Header, key: string): FitsValue | undefined {
  for (const c of h.cards) if (c.key === key) return c.value
  return undefined
}

/**
 * First non-null value of a keyword across a file's headers (primary first, then extensions).
 *
 * @example
 * firstValue(headers, 'ESO PRO CATG') // 'MASTER_BIAS_BLUE'
 */
export function firstValue(headers: Header[], key: string): FitsValue | undefined {
  for (const h of headers) { const v = headerValue(h, key); if (v !== undefined && v !== null) return v }
  return undefined
}
