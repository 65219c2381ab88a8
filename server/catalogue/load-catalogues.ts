import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, YAMLParseError } from 'yaml'
import { InstrumentCatalogue } from './catalogue-schema.ts'

/** A catalogue file that failed to load; the message names file, path and expectation. */
export class CatalogueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CatalogueError'
  }
}

/**
 * Parses one catalogue file's text. Errors name the file and the path inside it.
 *
 * @example
 * parseCatalogue('uves.yaml', text) // InstrumentCatalogue
 * // CatalogueError: qc-params/uves.yaml: reports.0.params.2.class: Invalid option: expected one of "KPI"|"HC"|"CAL"|"ENG"
 */
export function parseCatalogue(file: string, text: string): InstrumentCatalogue {
  let data: unknown
  try {
    data = parse(text, { prettyErrors: true })
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` line ${e.linePos[0].line}` : ''
    throw new CatalogueError(`${file}:${where} not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  const r = InstrumentCatalogue.safeParse(data)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top)'}: ${i.message}`)
    throw new CatalogueError(lines.join('\n'))
  }
  const seen = new Set<string>()
  r.data.reports.forEach((rep, ri) => rep.params.forEach((p, pi) => {
    if (seen.has(p.name)) throw new CatalogueError(`${file}: reports.${ri}.params.${pi}.name: "${p.name}" is declared twice`)
    seen.add(p.name)
  }))
  r.data.rules.forEach((rule, i) => {
    if (!seen.has(rule.param)) throw new CatalogueError(`${file}: rules.${i}.param: "${rule.param}" is not a parameter of this catalogue`)
  })
  const reports = new Set(r.data.reports.map((x) => x.name))
  r.data.validity.forEach((v, i) => {
    if (!reports.has(v.report)) throw new CatalogueError(`${file}: validity.${i}.report: "${v.report}" is not a report of this catalogue`)
    v.inhibits?.forEach((x, k) => { if (!reports.has(x)) throw new CatalogueError(`${file}: validity.${i}.inhibits.${k}: "${x}" is not a report of this catalogue`) })
  })
  checkAssociation(file, r.data)
  return r.data
}

/** Cross-references inside `calchecker:` that the schema alone cannot check. */
function checkAssociation(file: string, cat: InstrumentCatalogue): void {
  const a = cat.calchecker
  if (!a) return
  const types = new Set(a.classify.map((c) => c.type))
  for (const t of Object.values(a.products)) types.add(t)
  for (const [sci, needs] of Object.entries(a.needs)) {
    if (!types.has(sci)) throw new CatalogueError(`${file}: calchecker.needs.${sci}: "${sci}" is not a data type of calchecker.classify`)
    needs.forEach((n, i) => {
      if (!types.has(n.cal)) throw new CatalogueError(`${file}: calchecker.needs.${sci}.${i}.cal: "${n.cal}" is not a data type of calchecker.classify or .products`)
      for (const k of n.match) if (!(k in a.keys)) throw new CatalogueError(`${file}: calchecker.needs.${sci}.${i}.match: "${k}" is not a key of calchecker.keys`)
    })
  }
  if (a.daytime.last && !types.has(a.daytime.last)) throw new CatalogueError(`${file}: calchecker.daytime.last: "${a.daytime.last}" is not a data type of calchecker.classify`)
  for (const [where, label] of [['label', a.label], ...Object.entries(a.labels).map(([t, l]) => [`labels.${t}`, l])]) {
    for (const m of label.matchAll(/\{(\w+)\}/g)) {
      if (!(m[1] in a.keys)) throw new CatalogueError(`${file}: calchecker.${where}: "{${m[1]}}" is not a key of calchecker.keys`)
    }
  }
}

/**
 * Loads every `*.yaml` in a folder (default `qc-params/`), sorted by name.
 *
 * @example
 * const cats = loadCatalogues('qc-params') // [{ instrument: 'GIRAFFE', ... }, { instrument: 'HAWKI', ... }, ...]
 */
export function loadCatalogues(dir: string): InstrumentCatalogue[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
  const out = files.map((f) => parseCatalogue(join(dir, f), readFileSync(join(dir, f), 'utf8')))
  const names = new Set<string>()
  for (const c of out) {
    if (names.has(c.instrument)) throw new CatalogueError(`${dir}: instrument ${c.instrument} is declared in two files`)
    names.add(c.instrument)
  }
  return out
}
