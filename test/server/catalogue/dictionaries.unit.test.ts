import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { dicPattern, parseDic } from '../../../server/catalogue/dic-parse.ts'
import { loadDictionaries } from '../../../server/catalogue/dictionaries.ts'

describe('ESO QC dictionaries', () => {
  it('parses blocks, continuation lines and comments', () => {
    const e = parseDic('# header\nParameter Name:    QC TESTi ID\nUnit:\nComment Field:     Name of QC test\nDescription:       Name of QC test. In case the same\n                   template can originate more.\n\nParameter Name:  QC DUTYCYCLE\nUnit:  s\n')
    expect(e).toEqual([
      { name: 'QC TESTi ID', unit: '', comment: 'Name of QC test', description: 'Name of QC test. In case the same template can originate more.' },
      { name: 'QC DUTYCYCLE', unit: 's', comment: '', description: '' },
    ])
  })
  it('reads lowercase letters in a name as indices', () => {
    expect(dicPattern('QC OUTi RON MASTER').test('QC OUT12 RON MASTER')).toBe(true)
    expect(dicPattern('QC OUTi RON MASTER').test('QC OUT RON MASTER')).toBe(false)
    expect(dicPattern('QC ORDij POS').test('QC ORD3 POS')).toBe(true)
  })
  it('finds units in the real UVES, NACO and VIMOS QC dictionaries (as Debian\'s cpl-plugin-* install them)', () => {
    const dic = loadDictionaries(['test/fixtures'])
    expect(dic.files.map((f) => f.split('/').pop())).toEqual(['ESO-DFS-DIC.NACO_QC', 'ESO-DFS-DIC.UVES_QC', 'ESO-DFS-DIC.VIMOS_QC'])
    expect(dic.lookup('ESO QC DARKMED')).toMatchObject({ unit: 'ADU', description: 'Median of the dark produced image' })
    expect(dic.size).toBeGreaterThan(150)
    expect(dic.lookup('ESO QC OUT1 RON MASTER')).toMatchObject({ description: 'Read noise frame in ADU' })
    expect(dic.lookup('ESO QC NO SUCH THING')).toBeUndefined()
    const withUnit = parseDic(readFileSync('test/fixtures/dictionaries/ESO-DFS-DIC.UVES_QC', 'latin1')).find((x) => x.unit === 'pix')!
    expect(dic.lookup(`ESO ${withUnit.name.replace(/[a-z]+/g, '1')}`)?.unit).toBe('pix')
  })
})
