import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { dicPattern, parseDic, type DicEntry } from './dic-parse.ts'

/** The largest dictionary file read, in bytes (ESO's QC dictionaries are tens of KB). */
const MAX_DIC_BYTES = 4 * 1024 * 1024

/**
 * Units and descriptions of QC keywords from ESO's QC dictionaries, for keywords no catalogue
 * declares. Reads every `ESO-DFS-DIC.*_QC` file found in the given folders, one level of
 * sub-folders down and in their `dic/` (Debian's `cpl-plugin-*` packages install them in
 * `/usr/share/cpl-plugins/<pipeline>/dic/`). Loaded once at start.
 *
 * @example
 * const dic = loadDictionaries(['/usr/share/cpl-plugins'])
 * dic.lookup('ESO QC OUT1 RON MASTER') // { unit: '', description: 'Read noise frame in ADU', … }
 */
export class Dictionaries {
  #exact = new Map<string, DicEntry>()
  #patterns: { re: RegExp; entry: DicEntry }[] = []
  constructor(entries: DicEntry[], readonly files: string[] = []) {
    for (const e of entries) {
      if (/[a-z]/.test(e.name)) this.#patterns.push({ re: dicPattern(e.name), entry: e })
      else this.#exact.set(e.name, e)
    }
  }

  /** The entry of a QC keyword (`ESO QC …`), if a dictionary has one. */
  lookup(keyword: string): DicEntry | undefined {
    const name = keyword.startsWith('ESO ') ? keyword.slice(4) : keyword
    return this.#exact.get(name) ?? this.#patterns.find((p) => p.re.test(name))?.entry
  }

  get size(): number { return this.#exact.size + this.#patterns.length }
}

export function loadDictionaries(folders: string[]): Dictionaries {
  const files: string[] = []
  const scan = (dir: string, depth: number) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      if (/^ESO-DFS-DIC\..+_QC$/.test(name) && statSync(p).isFile() && statSync(p).size <= MAX_DIC_BYTES) files.push(p)
      else if (depth > 0 && statSync(p).isDirectory()) scan(p, depth - 1)
    }
  }
  for (const f of folders) scan(f, 2)
  return new Dictionaries(files.flatMap((f) => parseDic(readFileSync(f, 'latin1'))), files)
}
