import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { makeTestApp, TOKEN } from '../helpers/test-app.ts'

/**
 * The example Prometheus rules for qcloop itself (alerts/prometheus/) name only metrics a real
 * scrape has: renaming a metric without the rules would silently disarm an operator's alert.
 */
describe('the example Prometheus scrape config and rules', () => {
  it('name only metrics that GET /metrics exposes, at the path it serves', async () => {
    const rules = parse(readFileSync('alerts/prometheus/qcloop-rules.yml', 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] }
    const config = parse(readFileSync('alerts/prometheus/prometheus.yml', 'utf8')) as { rule_files: string[]; scrape_configs: { metrics_path: string }[] }
    expect(config.rule_files).toEqual(['qcloop-rules.yml'])
    const t = await makeTestApp()
    const res = await t.app.request(config.scrape_configs[0].metrics_path, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    const exposed = new Set([...(await res.text()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]))
    const named = rules.groups.flatMap((g) => g.rules).flatMap((r) => [...r.expr.matchAll(/qcloop_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')))
    expect(named.length).toBeGreaterThan(5)
    expect(named.filter((n) => !exposed.has(n))).toEqual([])
  })
})
