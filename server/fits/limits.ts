import { FitsFormatError } from './card.ts'

/**
 * Bounds on what one FITS file may make the reader do, so that no header —
 * hostile or broken — costs more than linear time in its size or memory
 * beyond these figures. Each refusal names the limit.
 */
export interface FitsLimits {
  /** Largest header of one HDU, END card included, in bytes (4 MiB ≈ 52,000 cards; ESO raw headers are < 0.5 MiB). */
  maxHeaderBytes: number
  /** Cards in all headers of one file. */
  maxCards: number
  /** Header-data units in one file. */
  maxHdus: number
  /** Longest string value once CONTINUE cards are joined, in characters. */
  maxStringChars: number
  /** Largest data unit a header may declare, in bytes (beyond it, or beyond the file, the file is refused). */
  maxDataBytes: number
  /** Largest decompressed size of a .fits.gz, in bytes. */
  maxUnpackedBytes: number
  /** Largest decompressed/compressed ratio once more than `ratioFloorBytes` came out (a gzip bomb is ~1000:1). */
  maxRatio: number
  ratioFloorBytes: number
}

export const DEFAULT_FITS_LIMITS: FitsLimits = {
  maxHeaderBytes: 4 * 1024 * 1024,
  maxCards: 200_000,
  maxHdus: 1_000,
  maxStringChars: 65_536,
  maxDataBytes: 64 * 1024 ** 3,
  maxUnpackedBytes: 64 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 256 * 1024 * 1024,
}

/** A file refused because it passes one of the reader's bounds; `limit` names which. */
export class FitsLimitError extends FitsFormatError {
  constructor(readonly limit: keyof FitsLimits | 'timeBudget' | 'crash', message: string) {
    super(message)
    this.name = 'FitsLimitError'
  }
}

export const MiB = (n: number) => `${(n / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`

/**
 * Counts decompressed bytes against the absolute cap and the ratio cap.
 *
 * @example
 * const bound = new UnpackBound(limits); bound.add(chunk.length, compressedSoFar)
 */
export class UnpackBound {
  #out = 0
  constructor(private limits: FitsLimits) {}
  add(outBytes: number, inBytes: number): void {
    this.#out += outBytes
    const l = this.limits
    if (this.#out > l.maxUnpackedBytes) throw new FitsLimitError('maxUnpackedBytes', `decompresses to more than ${MiB(l.maxUnpackedBytes)} (limit maxUnpackedBytes)`)
    if (this.#out > l.ratioFloorBytes && this.#out > inBytes * l.maxRatio) {
      throw new FitsLimitError('maxRatio', `decompresses more than ${l.maxRatio}:1 (${MiB(this.#out)} from ${MiB(inBytes)}; limit maxRatio): a gzip bomb?`)
    }
  }
}
