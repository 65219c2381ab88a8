/**
 * A catalogue keyword with placeholders, compiled to a matcher:
 * `ESO QC OUT{port} RON MASTER` matches `ESO QC OUT4 RON MASTER` with `{ port: '4' }`.
 * A placeholder matches digits unless it gives its own regex: `{chip:[A-Z]\d}`.
 *
 * @example
 * const p = compileKeyword('ESO QC RON CHIP{chip}-INT1')
 * p.match('ESO QC RON CHIP3-INT1') // { chip: '3' }
 */
export interface KeywordPattern {
  source: string
  names: string[]
  match(key: string): Record<string, string> | null
}

export function compileKeyword(source: string): KeywordPattern {
  const names: string[] = []
  let re = ''
  let last = 0
  for (const m of source.matchAll(/\{([a-z][a-z0-9_]*)(?::([^}]+))?\}/g)) {
    re += escape(source.slice(last, m.index)) + `(${m[2] ?? '\\d+'})`
    names.push(m[1])
    last = m.index! + m[0].length
  }
  re += escape(source.slice(last))
  const rx = new RegExp(`^${re}$`)
  return {
    source,
    names,
    match(key) {
      const m = rx.exec(key)
      if (!m) return null
      const out: Record<string, string> = {}
      names.forEach((n, i) => (out[n] = m[i + 1]))
      return out
    },
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
