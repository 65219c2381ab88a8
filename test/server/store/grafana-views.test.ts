import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { saveStates } from '../../../alerts/alert-state.ts'
import { makeTestApp } from '../../helpers/test-app.ts'
import { RON_KPI } from '../../helpers/test-catalogue.ts'

/** The views' columns are a contract with dashboards: adding is fine, renaming or removing breaks them. */
const COLUMNS = {
  grafana_values: ['instrument', 'report', 'param', 'setup', 'time', 'value', 'product', 'score', 'score_level', 'cause', 'flagged', 'warn_lo', 'warn_hi', 'crit_lo', 'crit_hi'],
  grafana_series_state: ['instrument', 'report', 'param', 'setup', 'time', 'value', 'product', 'score', 'score_level', 'cause', 'warn_lo', 'warn_hi', 'crit_lo', 'crit_hi'],
  grafana_alerts: ['key', 'instrument', 'kind', 'state', 'since', 'title', 'notified_state', 'notified_at', 'acked_by', 'silenced_until'],
}
const T0 = Date.UTC(2026, 0, 1, 10)

/**
 * The read-only views Grafana reads (server/store/grafana-views.ts) keep their column names and
 * agree with the API; every query of the shipped dashboard (alerts/grafana/qcloop-dashboard.json)
 * runs against them, its variables and time macro filled in as Grafana would.
 */
describe('Grafana views and dashboard', () => {
  it('hold their columns, agree with the series API, and answer every dashboard query', async () => {
    const t = await makeTestApp({ catalogues: [RON_KPI], now: T0 + 20 * 86_400_000 })
    const rows = Array.from({ length: 10 }, (_, d) => ({ instrument: 'TEST', report: 'BIAS', param: 'ron', setup: 'A', ts: new Date(T0 + d * 86_400_000).toISOString(), value: [1.5, 2.5, 3.5][d % 3], product: `P${d}.fits` }))
    rows[9].value = 2.5 // the newest is yellow: the "not green now" panel lists it
    expect((await t.postJson('/api/v1/measurements', rows)).status).toBe(200)
    await t.services.scoring.idle()
    await saveStates(t.store, [{ key: 'critical:TEST:ron:A', instrument: 'TEST', kind: 'critical', state: 'firing', since: T0, clearSince: null, title: 'ron (A): too high', details: {}, notifiedState: 'firing', notifiedAt: T0, ackedBy: '', silencedUntil: null, silenceReason: '' }], T0)
    const sql = async (query: string) => (await (await t.store.client.query({ query, format: 'JSONEachRow' })).json<Record<string, unknown>>())
    for (const [view, cols] of Object.entries(COLUMNS)) {
      expect((await sql(`DESCRIBE TABLE ${t.store.database}.${view}`)).map((r) => r.name), view).toEqual(cols)
    }
    // The limits of each value are the series API's.
    const api = (await (await t.app.request('/api/v1/series?instrument=TEST&param=ron')).json()).series[0]
    const view = await sql(`SELECT toUnixTimestamp64Milli(time) AS t, value, score, warn_lo, warn_hi, crit_lo, crit_hi FROM ${t.store.database}.grafana_values WHERE instrument = 'TEST' AND param = 'ron' ORDER BY time`)
    expect(view.map((r) => [Number(r.t), r.value, r.score, r.warn_lo, r.warn_hi, r.crit_lo, r.crit_hi]))
      .toEqual(api.t.map((tt: number, i: number) => [tt, api.value[i], api.score[i], api.warnLo[i], api.warnHi[i], api.critLo[i], api.critHi[i]]))
    expect(view.slice(0, 3).map((r) => r.score)).toEqual(['green', 'yellow', 'red']) // 1.5, 2.5, 3.5 ADU against [1, 2] and [0.5, 3]
    // Every query of the dashboard, filled in as Grafana's ClickHouse data source would.
    const dash = JSON.parse(readFileSync('alerts/grafana/qcloop-dashboard.json', 'utf8'))
    const fill = (q: string) => q.replaceAll('${instrument}', 'TEST').replaceAll('${param}', 'ron').replaceAll('${setup}', 'A')
      .replace(/\$__timeFilter\((\w+)\)/g, "$1 >= toDateTime64('2025-01-01 00:00:00', 3) AND $1 <= toDateTime64('2027-01-01 00:00:00', 3)").replaceAll('qcloop.', `${t.store.database}.`)
    const queries = [...dash.templating.list.map((v: { query: string }) => v.query), ...dash.panels.flatMap((p: { targets: { rawSql: string }[] }) => p.targets.map((x) => x.rawSql))]
    const answers = []
    for (const q of queries) answers.push(await sql(fill(q)))
    expect(answers.map((a) => a.length)).toEqual([1, 1, 1, 10, 1, 1])
    expect(Object.keys(answers[3][0])).toEqual(['time', 'value', 'warn_lo', 'warn_hi', 'crit_lo', 'crit_hi'])
    expect(answers[3][0]).toMatchObject({ value: 1.5, warn_lo: 1, warn_hi: 2, crit_lo: 0.5, crit_hi: 3 })
    expect(answers[5][0]).toMatchObject({ instrument: 'TEST', kind: 'critical', title: 'ron (A): too high' })
  })
})
