import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export const FIXTURES = 'test/fixtures/eso'
export const PRODUCTS = join(FIXTURES, 'products')

/** Every fixture product path, relative to PRODUCTS (e.g. `uves/night01/masterbias_blue.fits`). */
export function fixtureProducts(): string[] {
  return readdirSync(PRODUCTS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.fits'))
    .map((e) => join(e.parentPath, e.name).slice(PRODUCTS.length + 1))
    .sort()
}

export interface AstropyCard { file: string; hdu: number; extname: string; key: string; value: string; type: string }

/** The QC cards as astropy read them (from ../shared/eso/values), for exact comparison. */
export function astropyCards(instrument: string): AstropyCard[] {
  const [head, ...lines] = readFileSync(join(FIXTURES, 'values', `qc1_${instrument}.csv`), 'utf8').trim().split(/\r?\n/)
  const cols = head.split(',')
  return lines.map((line) => {
    const cells = parseCsvLine(line)
    const o = Object.fromEntries(cols.map((c, i) => [c, cells[i]]))
    return { file: o.file, hdu: Number(o.hdu), extname: o.extname, key: o.key, value: o.value, type: o.type }
  })
}

function parseCsvLine(line: string): string[] {
  const out: string[] = []
  let cur = '', quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++ } else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { out.push(cur); cur = '' } else cur += ch
  }
  out.push(cur)
  return out
}
