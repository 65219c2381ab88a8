import { describe, expect, it } from 'vitest'
import { Lease } from '../../alerts/lease.ts'
import { openTestStore } from '../helpers/test-store.ts'

describe('the alerting lease (exactly one process evaluates and sends)', () => {
  it('one holder at a time; a standby takes over once the holder stops renewing, or at once when it releases', async () => {
    const store = await openTestStore()
    const clock = { now: Date.UTC(2026, 0, 1) }
    const a = new Lease(store, 'alerting', 'host-a:1', 30_000, () => clock.now)
    const b = new Lease(store, 'alerting', 'host-b:2', 30_000, () => clock.now)
    expect(await a.hold()).toBe(true)
    expect(await b.hold()).toBe(false)
    clock.now += 20_000
    expect(await a.hold()).toBe(true) // renewed until +50 s
    clock.now += 20_000
    expect(await b.hold()).toBe(false) // a renewed 20 s ago: not expired
    // a dies (stops renewing): after the expiry b takes over, and a, coming back, reads that it lost.
    clock.now += 31_000
    expect(await b.hold()).toBe(true)
    expect(await a.hold()).toBe(false)
    // A clean stop releases: the other takes over at once.
    await b.release()
    expect(await a.hold()).toBe(true)
    expect(await b.hold()).toBe(false)
  })

  it('two taking an expired lease at the same moment agree on one winner', async () => {
    const store = await openTestStore()
    const now = Date.UTC(2026, 0, 1)
    const a = new Lease(store, 'alerting', 'host-a:1', 30_000, () => now)
    const b = new Lease(store, 'alerting', 'host-b:2', 30_000, () => now)
    const [ra, rb] = await Promise.all([a.hold(), b.hold()])
    // Whatever the interleaving, from now on exactly one holds it.
    const [sa, sb] = [await a.hold(), await b.hold()]
    expect([sa, sb].filter(Boolean)).toHaveLength(1)
    expect(ra || rb).toBe(true)
  })
})
