import { describe, expect, it } from 'vitest'
import { unitFromComment } from '../../../server/products/card-unit.ts'

describe('unitFromComment', () => {
  it('reads a unit in brackets at the start (MUSE) or at the end of the comment', () => {
    expect(unitFromComment('[adu] Average of the raw median values')).toEqual({ unit: 'adu', description: 'Average of the raw median values' })
    expect(unitFromComment('Read noise [e-]')).toEqual({ unit: 'e-', description: 'Read noise' })
    expect(unitFromComment('  [km/s]  ')).toEqual({ unit: 'km/s', description: '' })
  })
  it('gives no unit when there is none, or when the brackets hold prose', () => {
    expect(unitFromComment('Read noise')).toEqual({ unit: '', description: 'Read noise' })
    expect(unitFromComment('ratio [see the pipeline manual, section 4.2.1 for details]')).toEqual({ unit: '', description: 'ratio [see the pipeline manual, section 4.2.1 for details]' })
    expect(unitFromComment('')).toEqual({ unit: '', description: '' })
  })
})
