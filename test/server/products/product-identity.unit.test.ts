import { describe, expect, it } from 'vitest'
import { productIdentity } from '../../../server/products/product-identity.ts'

describe('productIdentity', () => {
  const raw1 = 'UVES.2024-03-01T10:05:00.000.fits'
  it('one run, three outputs: three products', () => {
    const ids = ['MASTER_BIAS_BLUE', 'MASTER_BIAS_REDL', 'MASTER_BIAS_REDU'].map((proCatg) => productIdentity({ raw1, arcfile: raw1, proCatg, fileName: 'x.fits' }).id)
    expect(new Set(ids).size).toBe(3)
    expect(ids[0]).toBe('UVES.2024-03-01T10:05:00.000.fits MASTER_BIAS_BLUE')
  })
  it('no ARCFILE (GIRAFFE): the first raw frame still tells the nights apart; the file name does not count', () => {
    const a = productIdentity({ raw1: 'GIRAF.2024-03-01T10:05:00.000.fits', pipefile: 'master_bias.fits', proCatg: 'MASTER_BIAS', fileName: 'night01/master_bias.fits' })
    const b = productIdentity({ raw1: 'GIRAF.2024-03-02T10:05:00.000.fits', pipefile: 'master_bias.fits', proCatg: 'MASTER_BIAS', fileName: 'other-name.fits' })
    expect(a.id).not.toBe(b.id)
    expect(a.legacy).toBe('master_bias.fits')
  })
  it('falls back to ARCFILE, PIPEFILE, then the file name', () => {
    expect(productIdentity({ arcfile: 'A.fits', proCatg: 'P', fileName: 'f.fits' }).id).toBe('A.fits P')
    expect(productIdentity({ pipefile: 'pf.fits', proCatg: 'P', fileName: 'f.fits' }).id).toBe('pf.fits P')
    expect(productIdentity({ proCatg: 'P', fileName: 'dir/f.fits' })).toEqual({ id: 'f.fits P', legacy: 'f.fits' })
  })
})
