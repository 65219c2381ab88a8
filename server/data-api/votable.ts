/**
 * IVOA VOTable 1.4 (TABLEDATA serialisation), written as a stream: a head with one FIELD per
 * column (datatype, unit, UCD, description), then rows, then the tail. Readable by astropy's
 * `Table.read(..., format='votable')` and TOPCAT. Pure text; every cell is XML-escaped and
 * characters XML 1.0 forbids are dropped.
 */
export interface VoField { name: string; datatype: 'char' | 'double' | 'long' | 'boolean'; unit?: string; ucd?: string; xtype?: string; description: string }

const XML_BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g // eslint-disable-line no-control-regex
const xml = (v: string) => v.replace(XML_BAD, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')

/** The document up to the first row. */
export function votableHead(name: string, description: string, fields: VoField[], info: Record<string, string> = {}): string {
  const f = fields.map((x) => `      <FIELD name="${xml(x.name)}" datatype="${x.datatype}"${x.datatype === 'char' ? ' arraysize="*"' : ''}${x.unit ? ` unit="${xml(x.unit)}"` : ''}${x.ucd ? ` ucd="${xml(x.ucd)}"` : ''}${x.xtype ? ` xtype="${xml(x.xtype)}"` : ''}><DESCRIPTION>${xml(x.description)}</DESCRIPTION></FIELD>`)
  return `<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <RESOURCE type="results">
${Object.entries(info).map(([k, v]) => `    <INFO name="${xml(k)}" value="${xml(v)}"/>\n`).join('')}    <TABLE name="${xml(name)}">
      <DESCRIPTION>${xml(description)}</DESCRIPTION>
${f.join('\n')}
      <DATA><TABLEDATA>
`
}

/** One row: cells in field order; null/undefined/NaN are empty cells (VOTable's null). */
export function votableRow(fields: VoField[], cells: unknown[]): string {
  return `<TR>${fields.map((f, i) => {
    const v = cells[i]
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '<TD/>'
    if (f.datatype === 'boolean') return `<TD>${v === true || v === 1 || v === 'true' ? 'T' : 'F'}</TD>`
    return `<TD>${xml(String(v))}</TD>`
  }).join('')}</TR>\n`
}

export const VOTABLE_TAIL = '      </TABLEDATA></DATA>\n    </TABLE>\n  </RESOURCE>\n</VOTABLE>\n'
