import { describe, expect, it } from 'vitest'
import { runPool } from '../../../server/concurrency/run-pool.ts'

describe('runPool', () => {
  it('runs every job, at most n at a time, starting them in list order', async () => {
    let running = 0, peak = 0
    const started: number[] = []
    const jobs = Array.from({ length: 10 }, (_, i) => async () => {
      started.push(i); running++; peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, 5 + (i % 3)))
      running--
    })
    await runPool(jobs, 3)
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(peak).toBe(3)
  })

  it('rejects with the first failure', async () => {
    await expect(runPool([async () => {}, async () => { throw new Error('boom') }], 2)).rejects.toThrow('boom')
  })
})
