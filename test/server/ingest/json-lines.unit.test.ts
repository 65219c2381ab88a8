import { describe, expect, it } from 'vitest'
import { JsonItems } from '../../../server/ingest/json-items.ts'

const lines = (chunks: string[]) => {
  const out: [string, number][] = []
  const s = new JsonItems('lines', (text, row) => out.push([text, row]))
  for (const c of chunks) s.push(c)
  s.end()
  return out
}

describe('NDJSON lines', () => {
  it('splits lines across chunks, skips blank ones, and keeps a last line without newline', () => {
    expect(lines(['{"a":1}\n{"a"', ':2}\r\n\n', '  \n{"a":3}'])).toEqual([['{"a":1}', 0], ['{"a":2}\r', 1], ['{"a":3}', 2]])
  })

  it('counts brackets inside strings for nothing: 40 of them in a text are one level deep', () => {
    expect(lines([`{"why":"${'['.repeat(40)}${'{'.repeat(40)}"}\n`])).toHaveLength(1)
  })

  it('refuses a line nesting deeper than 32, naming its row', () => {
    expect(() => lines(['{"a":1}\n', `${'['.repeat(33)}${']'.repeat(33)}\n`])).toThrow(/row 1 nests deeper than 32/)
    expect(lines([`${'['.repeat(32)}${']'.repeat(32)}\n`])).toHaveLength(1)
  })

  it('refuses a line longer than the limit however it is cut', () => {
    const s = new JsonItems('lines', () => {}, { maxItemChars: 100, maxDepth: 32 })
    expect(() => { for (let i = 0; i < 20; i++) s.push('x'.repeat(10)) }).toThrow(/row 0 is longer than 100 characters/)
  })
})
