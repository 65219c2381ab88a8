import { parseCard, FitsFormatError, type Card, type FitsValue } from './card.ts'

export const BLOCK = 2880
export const CARD = 80

/** One header-data unit's header. `index` 0 is the primary HDU. */
export interface Header {
  index: number
  cards: Card[]
  /** Size of the data unit that follows, padded to whole blocks, in bytes. */
  dataBytes: number
}

/**
 * Collects the cards of one header, block by block, joining CONTINUE long
 * strings (FITS 4.0 §4.2.1.2: a string ending in `&` continues on the next
 * CONTINUE card).
 *
 * @example
 * const h = new HeaderBuilder(0)
 * while (!h.push(nextBlock())) {}
 * const header = h.finish()
 */
export class HeaderBuilder {
  #cards: Card[] = []
  #ended = false
  constructor(readonly index: number) {}

  /** Adds one 2880-byte block; returns true once the END card was seen. */
  push(block: Uint8Array): boolean {
    if (block.length !== BLOCK) throw new FitsFormatError(`header ${this.index} is truncated (a block of ${block.length} bytes, expected ${BLOCK})`)
    const text = Buffer.from(block.buffer, block.byteOffset, block.length).toString('latin1')
    for (let off = 0; off < BLOCK && !this.#ended; off += CARD) {
      const raw = text.slice(off, off + CARD)
      if (raw.startsWith('END') && raw.slice(3).trim() === '') { this.#ended = true; break }
      const card = parseCard(raw)
      if (!card) continue
      const prev = this.#cards[this.#cards.length - 1]
      if (card.key === 'CONTINUE') {
        if (prev && typeof prev.value === 'string' && prev.value.endsWith('&') && typeof card.value === 'string') {
          prev.value = prev.value.slice(0, -1) + card.value
          if (card.comment) prev.comment = prev.comment ? `${prev.comment} ${card.comment}` : card.comment
        }
        continue
      }
      this.#cards.push(card)
    }
    return this.#ended
  }

  get ended(): boolean {
    return this.#ended
  }

  finish(): Header {
    if (!this.#ended) throw new FitsFormatError(`header ${this.index} has no END card (file truncated?)`)
    if (this.index === 0 && this.#cards[0]?.key !== 'SIMPLE') throw new FitsFormatError('not a FITS file: the first card is not SIMPLE')
    if (this.index > 0 && this.#cards[0]?.key !== 'XTENSION') throw new FitsFormatError(`extension ${this.index} does not start with XTENSION`)
    return { index: this.index, cards: this.#cards, dataBytes: dataUnitBytes(this.#cards) }
  }
}

/**
 * Size of the data unit described by a header, padded to 2880 bytes
 * (FITS 4.0 §4.4.1.1: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn)).
 */
export function dataUnitBytes(cards: Card[]): number {
  const get = (k: string) => cards.find((c) => c.key === k)?.value
  const naxis = Number(get('NAXIS') ?? 0)
  if (naxis === 0) return 0
  let n = 1
  for (let i = 1; i <= naxis; i++) n *= Number(get(`NAXIS${i}`) ?? 0)
  const bits = Math.abs(Number(get('BITPIX') ?? 8))
  const bytes = (bits / 8) * Number(get('GCOUNT') ?? 1) * (Number(get('PCOUNT') ?? 0) + n)
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
