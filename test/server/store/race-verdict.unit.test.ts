import { describe, expect, it } from 'vitest'
import { keepsAgainst, settleBatch, type Claim } from '../../../server/store/race-verdict.ts'

describe('race verdict: which of two writes at one key keeps it', () => {
  it('two writes that saw each other: the lower id keeps, the higher loses', () => {
    expect(keepsAgainst({ id: 3, saw: [8] }, { id: 8, saw: [3] })).toBe(true)
    expect(keepsAgainst({ id: 8, saw: [3] }, { id: 3, saw: [8] })).toBe(false)
  })

  it('only I saw the rival: it inserted and read back first, never waits for me, and keeps', () => {
    // Whatever the ids: the one that saw nothing keeps.
    expect(keepsAgainst({ id: 3, saw: [8] }, { id: 8, saw: [] })).toBe(false)
    expect(keepsAgainst({ id: 9, saw: [8] }, { id: 8, saw: [] })).toBe(false)
  })

  it('a rival whose claim never came counts as having seen nothing: its rows stand, I lose', () => {
    expect(keepsAgainst({ id: 1, saw: [8] }, undefined)).toBe(false)
  })

  it('every timing of two writers has exactly one keeper', () => {
    for (const [a, b] of [[1, 2], [2, 1], [5, 900]]) {
      for (const [aSaw, bSaw] of [[true, true], [true, false], [false, true]]) {
        const A: Claim = { id: a, saw: aSaw ? [b] : [] }, B: Claim = { id: b, saw: bSaw ? [a] : [] }
        // A write that saw no rival keeps without asking (it is not settled at all).
        const aKeeps = aSaw ? keepsAgainst(A, B) : true
        const bKeeps = bSaw ? keepsAgainst(B, A) : true
        expect([aKeeps, bKeeps].filter(Boolean), `ids ${a}/${b}, saw ${aSaw}/${bSaw}`).toHaveLength(1)
      }
    }
  })
})

describe('race verdict: settling one batch', () => {
  const me: Claim = { id: 20, saw: [10] }
  const rivalClaims = new Map<number, Claim>([[10, { id: 10, saw: [20] }]]) // mutual: 10 < 20 keeps
  const mine = new Map([['k1', { value: 1.5, index: 0 }], ['k2', { value: 2.5, index: 1 }], ['k3', { value: 3.5, index: 2 }]])

  it('a key lost to the same value is a duplicate; to another value, a conflict naming my row and the kept value', () => {
    const rivals = new Map([['k1', [{ writeId: 10, value: 1.5 }]], ['k2', [{ writeId: 10, value: 9 }]]])
    expect(settleBatch(me, mine, rivals, rivalClaims)).toEqual({ duplicateKeys: ['k1'], conflicts: [{ index: 1, value: 9 }] })
  })

  it('keys I keep, or that no rival wrote, are neither', () => {
    const lower: Claim = { id: 5, saw: [10] }
    const claims = new Map<number, Claim>([[10, { id: 10, saw: [5] }]])
    const rivals = new Map([['k1', [{ writeId: 10, value: 7 }]]])
    expect(settleBatch(lower, mine, rivals, claims)).toEqual({ duplicateKeys: [], conflicts: [] })
  })

  it('rival rows at keys this batch does not hold are ignored', () => {
    const rivals = new Map([['other', [{ writeId: 10, value: 7 }]]])
    expect(settleBatch(me, mine, rivals, rivalClaims)).toEqual({ duplicateKeys: [], conflicts: [] })
  })
})
