import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadDemoHistory } from '../../../seeds/load-demo.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

const GOLDEN = 'test/fixtures/readback-golden.json'
const NOW = Date.UTC(2026, 10, 24, 12)

/**
 * What a reader gets back from 120 nights of the demo history, answer by answer (hashed): every
 * parameter's series in full and reduced, the values API of every instrument, health and
 * validity. Storage and read-path changes (issue 16) must leave every answer identical; the
 * golden file was written before them (UPDATE_GOLDEN=1 rewrites it, for a deliberate change only).
 */
describe('values, scores and provenance read back unchanged', () => {
  it('every answer on the demo history hashes as before', async () => {
    const t = await makeTestApp({ now: NOW })
    await loadDemoHistory(t.writer, { endMs: NOW, days: 120 }, null)
    await t.services.scoring.idle()
    const get = async (path: string) => {
      const res = await t.app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(res.status, path).toBe(200)
      return res.text()
    }
    const answers: Record<string, string> = {}
    const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16)
    for (const c of t.services.catalogues()) {
      for (const p of c.reports.flatMap((r) => r.params)) {
        for (const max of [100_000, 40]) {
          const path = `/api/v1/series?instrument=${c.instrument}&param=${encodeURIComponent(p.name)}&maxPoints=${max}`
          answers[path] = hash(await get(path))
        }
      }
      answers[`values ${c.instrument}`] = hash(await get(`/api/v1/values?instrument=${c.instrument}&format=ndjson`))
    }
    for (const path of ['/api/v1/health', '/api/v1/validity', '/api/v1/catalogue']) answers[path] = hash(await get(path))
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, JSON.stringify(answers, null, 1) + '\n')
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>
    expect(Object.keys(answers).length).toBeGreaterThan(50)
    expect(answers).toEqual(golden)
  }, 300_000)
})
