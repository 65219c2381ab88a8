import { describe, expect, it } from 'vitest'
import { BindError, bindParams } from '../../../server/store/local-binding.ts'
import { openTestStore } from '../../helpers/test-store.ts'

const HOSTILE = [
  "it's", "'; DROP TABLE qc_values; --", '\\', "\\'", "\\\\'", 'a\u0000b', 'tab\there', 'line\nbreak\r\n', '{i:String}', '}{', '$1',
  'Ünïcödé 星 🔭', '\u202e evil', 'x'.repeat(5000), '', "''", '\\x27', "\u007f",
]

describe('local parameter binding (embedded engine)', () => {
  it('every hostile string comes back from the engine exactly as sent', async () => {
    const store = await openTestStore()
    for (const s of HOSTILE) {
      const rs = await store.bulk.query({ query: 'SELECT {s:String} AS s, length({s:String}) AS n', query_params: { s }, format: 'JSONEachRow' })
      const [row] = await rs.json<{ s: string; n: string }>()
      expect(row.s, JSON.stringify(s.slice(0, 40))).toBe(s)
    }
  })

  it('binds numbers, arrays and dates to their declared types, exactly', async () => {
    const store = await openTestStore()
    const rs = await store.bulk.query({
      query: 'SELECT {a:Int64} AS a, {b:UInt32} AS b, {f:Float64} AS f, {g:Float64} AS g, {arr:Array(String)} AS arr, {e:Array(String)} AS e, {d:Date} AS d, has({arr:Array(String)}, {s:String}) AS h',
      query_params: { a: -1_700_000_000_123, b: 7, f: 0.1 + 0.2, g: 1e-300, arr: ["x'", 'y'], e: [], d: '2024-02-29', s: "x'" }, format: 'JSONEachRow',
    })
    const [r] = await rs.json<Record<string, unknown>>()
    expect(r).toEqual({ a: '-1700000000123', b: 7, f: 0.1 + 0.2, g: 1e-300, arr: ["x'", 'y'], e: [], d: '2024-02-29', h: 1 })
  })

  it('refuses a value that does not fit its type instead of writing it into SQL', () => {
    expect(() => bindParams('SELECT {n:UInt32}', { n: '1; DROP' })).toThrow(BindError)
    expect(() => bindParams('SELECT {n:UInt32}', { n: -1 })).toThrow(BindError)
    expect(() => bindParams('SELECT {n:Int64}', { n: 1.5 })).toThrow(BindError)
    expect(() => bindParams('SELECT {f:Float64}', { f: '1) OR (1' })).toThrow(BindError)
    expect(() => bindParams('SELECT {d:Date}', { d: "2024-01-01') --" })).toThrow(BindError)
    expect(() => bindParams('SELECT {s:String}', { s: { toString: () => 'x' } })).toThrow(BindError)
    expect(bindParams('SELECT {x:String}', {})).toBe('SELECT {x:String}')
  })
})
