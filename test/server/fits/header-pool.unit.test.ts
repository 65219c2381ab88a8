import { describe, expect, it } from 'vitest'
import { HeaderPool } from '../../../server/fits/header-pool.ts'
import { FitsLimitError } from '../../../server/fits/limits.ts'
import { readFitsHeadersFromBuffer } from '../../../server/fits/read-headers.ts'
import { DEFAULT_FITS_LIMITS } from '../../../server/fits/limits.ts'
import { card, formatHeader } from '../../../server/fits/format-header.ts'

const big = () => formatHeader(['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    0',
  ...Array.from({ length: 50_000 }, (_, i) => card(`HIERARCH ESO QC KEY${i}`, i * 0.5))])
const small = () => formatHeader(['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    0', card('INSTRUME', 'UVES')])

describe('the header worker pool', () => {
  it('parses in a worker exactly as in this thread', async () => {
    const pool = new HeaderPool({ size: 1 })
    try {
      const bytes = big()
      expect(await readFitsHeadersFromBuffer(bytes, DEFAULT_FITS_LIMITS, pool.parse)).toEqual(await readFitsHeadersFromBuffer(bytes))
    } finally { await pool.close() }
  })

  it('a header that overruns its time budget is refused naming the limit, and the pool goes on with a fresh worker', async () => {
    const pool = new HeaderPool({ size: 1, budgetMs: 5 })
    try {
      const err = await readFitsHeadersFromBuffer(big(), DEFAULT_FITS_LIMITS, pool.parse).catch((e) => e)
      expect(err).toBeInstanceOf(FitsLimitError)
      expect(err).toMatchObject({ limit: 'timeBudget' })
      expect(err.message).toMatch(/took longer than 0.005 s \(limit timeBudget\)/)
    } finally { await pool.close() }
    const again = new HeaderPool({ size: 1, budgetMs: 10_000 })
    try {
      expect((await readFitsHeadersFromBuffer(small(), DEFAULT_FITS_LIMITS, again.parse))[0].cards.at(-1)).toMatchObject({ key: 'INSTRUME', value: 'UVES' })
    } finally { await again.close() }
  })

  it('a header that exhausts its worker\'s memory ends that worker, not the server: the file is refused, the next one is read', async () => {
    const pool = new HeaderPool({ size: 1, heapMb: 8 })
    try {
      const err = await readFitsHeadersFromBuffer(big(), { ...DEFAULT_FITS_LIMITS, maxHeaderBytes: 64 << 20, maxCards: 10_000_000 }, pool.parse).catch((e) => e)
      expect(err).toBeInstanceOf(FitsLimitError)
      expect(err.limit).toBe('crash')
      expect((await readFitsHeadersFromBuffer(small(), DEFAULT_FITS_LIMITS, pool.parse))).toHaveLength(1)
    } finally { await pool.close() }
  })
})
