import { describe, expect, it } from 'vitest'
import { testCatalogue } from '../../helpers/test-catalogue.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

const CAT = testCatalogue({ BIAS: ['{ name: ron, keyword: ESO QC RON, unit: ADU, class: HC }'] }, ['{ param: ron, type: statistical, window: { values: 10 }, warning: 3, critical: 5 }'])
const DAY = 86_400_000, T0 = Date.UTC(2026, 0, 1, 10)
/** 40 nights of read-out noise in two setups, with a step of +0.5 ADU from night 30 on (a new detector controller). */
const rows = ['A', 'B'].flatMap((setup) => Array.from({ length: 40 }, (_, d) => ({
  instrument: 'TEST', report: 'BIAS', param: 'ron', setup, ts: new Date(T0 + d * DAY).toISOString(), value: (d >= 30 ? 1.5 : 1) + ((d * 7) % 5) / 100, product: `P${setup}${d}.fits`,
})))

/** The step judged against the old level: red until the 10-value window holds mostly new values. */
const STEP_RED = ['ok', 'ok', 'crit_high', 'crit_high', 'crit_high', 'crit_high', 'crit_high', 'ok']

describe('an intervention that resets the baseline', () => {
  it('without it the step stays red for a window; with it the new level is grey until it has history, then judged on its own', async () => {
    const t = await makeTestApp({ catalogues: [CAT], now: T0 + 50 * DAY })
    expect((await t.postJson('/api/v1/measurements', rows)).status).toBe(200)
    await t.services.scoring.idle()
    const causes = async (setup: string) => {
      const s = await (await t.app.request(`/api/v1/series?instrument=TEST&param=ron&setup=${setup}`)).json()
      return (s.series[0].cause as string[]).slice(28, 36)
    }
    // No intervention recorded: the new level is judged against the old one.
    expect(await causes('A')).toEqual(STEP_RED)
    const event = { instrument: 'TEST', at: new Date(T0 + 29.5 * DAY).toISOString(), kind: 'intervention', title: 'controller replaced', scope: { setups: ['A'] }, resetsBaseline: true }
    const made = await t.app.request('/api/v1/events', { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
    expect(made.status).toBe(201)
    // Setup A (in scope): three nights without history (grey), then the new level is normal.
    expect(await causes('A')).toEqual(['ok', 'ok', 'no_history', 'no_history', 'no_history', 'ok', 'ok', 'ok'])
    // Setup B (not in scope) still compares with its old level.
    expect(await causes('B')).toEqual(STEP_RED)
    // Deleting the event re-scores as before.
    const id = ((await made.json()) as { id: string }).id
    expect((await t.app.request(`/api/v1/events/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
    expect(await causes('A')).toEqual(STEP_RED)
  })
})
