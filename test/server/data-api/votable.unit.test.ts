import { describe, expect, it } from 'vitest'
import { VOTABLE_TAIL, votableHead, votableRow, type VoField } from '../../../server/data-api/votable.ts'
import { voUnit } from '../../../server/data-api/value-fields.ts'

const F: VoField[] = [{ name: 'product', datatype: 'char', description: 'a <file> & "name"' }, { name: 'value', datatype: 'double', unit: 'adu', description: 'v' }, { name: 'flagged', datatype: 'boolean', description: 'f' }]

describe('VOTable writer', () => {
  it('escapes every cell and attribute, drops characters XML forbids, and writes nulls as empty cells', () => {
    const doc = votableHead('t', 'd', F) + votableRow(F, ['<script>&"\'\u0001x', Number.NaN, true]) + votableRow(F, [null, 1.5, false]) + VOTABLE_TAIL
    expect(doc).toContain('<TD>&lt;script&gt;&amp;&quot;&apos;x</TD><TD/><TD>T</TD>')
    expect(doc).toContain('<TR><TD/><TD>1.5</TD><TD>F</TD></TR>')
    expect(doc).toContain('<DESCRIPTION>a &lt;file&gt; &amp; &quot;name&quot;</DESCRIPTION>')
    expect(doc).toContain('<FIELD name="value" datatype="double" unit="adu">')
    expect(doc).toContain('<FIELD name="product" datatype="char" arraysize="*">')
    expect(doc).not.toContain('\u0001')
  })
  it('spells catalogue units as VOUnits', () => {
    expect(['ADU', 'e-', 'count/pix/h', 'pixel', 'K', 'e-/pix/h'].map(voUnit)).toEqual(['adu', 'electron', 'ct/pix/h', 'pix', 'K', 'electron/pix/h'])
  })
})
