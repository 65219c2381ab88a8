/**
 * ESO's data interface dictionaries (the `ESO-DFS-DIC.<INSTRUMENT>_QC` files each pipeline
 * package installs in its `dic/` folder): blocks of `Key: value` lines opened by
 * `Parameter Name:`, continuation lines indented, `#` comments. In a parameter name a lowercase
 * letter stands for an index (`QC OUTi RON MASTER` is QC OUT1 RON MASTER, QC OUT2 …). Pure,
 * one pass over the lines, bounded by the text's length.
 *
 * @example
 * parseDic('Parameter Name:    QC OUTi RON MASTER\nUnit:  adu\nDescription: Read noise\n')
 * // [{ name: 'QC OUTi RON MASTER', unit: 'adu', comment: '', description: 'Read noise' }]
 */
export interface DicEntry { name: string; unit: string; comment: string; description: string }

export function parseDic(text: string): DicEntry[] {
  const out: DicEntry[] = []
  let cur: DicEntry | null = null
  let field: keyof DicEntry | null = null
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#')) continue
    const m = /^([A-Z][A-Za-z ]*?):\s*(.*)$/.exec(line)
    if (m) {
      const [, key, value] = m
      field = null
      if (key === 'Parameter Name') { cur = { name: value.trim(), unit: '', comment: '', description: '' }; out.push(cur); continue }
      if (!cur) continue
      field = key === 'Unit' ? 'unit' : key === 'Comment Field' ? 'comment' : key === 'Description' ? 'description' : null
      if (field) cur[field] = value.trim()
      continue
    }
    // An indented line continues the field above it; a blank line ends it.
    if (cur && field && /^\s+\S/.test(line)) cur[field] = `${cur[field]} ${line.trim()}`.trim()
    else if (line.trim() === '') field = null
  }
  return out
}

/** A dictionary parameter name as a matcher of the QC keyword (without `ESO `): lowercase letters are indices. */
export function dicPattern(name: string): RegExp {
  const body = name.split('').map((ch) => (/[a-z]/.test(ch) ? '\\d+' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')
  return new RegExp(`^${body.replace(/(\\d\+)+/g, '\\d+')}$`)
}
