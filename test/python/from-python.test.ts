import { serve, type ServerType } from '@hono/node-server'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestApp, TOKEN } from '../helpers/test-app.ts'

const SETUPS = ['BLUE, 225kHz/1port/low_gain, 1x1, port 1', 'REDL, 225kHz/2ports/low_gain, 1x1, port 4']

/** The README's "From Python" code blocks, in order. */
function readmePython(): string {
  const part = readFileSync('README.md', 'utf8').split('### From Python')[1].split('\n### ')[0]
  return [...part.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n')
}

/**
 * The README's Python commands, run as they are against a running qcloop, then checked: pandas
 * reads the Parquet answers with typed columns, astropy the VOTable with units intact.
 */
describe('from Python: pandas and astropy read the API', () => {
  let server: ServerType, url = ''
  beforeAll(async () => {
    const t = await makeTestApp()
    const rows = SETUPS.flatMap((setup, k) => Array.from({ length: 300 }, (_, d) => ({
      instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup, ts: new Date(Date.UTC(2026, 0, 1, 10, 5) + d * 86_400_000).toISOString(),
      value: 1.05 + k * 0.2 + (d % 5) * 0.01, product: `UVES.${d}.${k}.fits`,
    })))
    expect((await t.postJson('/api/v1/measurements', rows)).status).toBe(200)
    await t.services.scoring.idle()
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  }, 120_000)
  afterAll(() => { server?.close() })

  it('runs the README commands and gets typed, unit-carrying tables', async () => {
    const check = `
assert len(series) == 600, len(series)
assert str(series["ts"].dtype).startswith("datetime64"), series["ts"].dtype
assert series["value"].dtype == "float64" and series["flagged"].dtype == "bool"
assert sorted(series["setup"].unique()) == ${JSON.stringify(SETUPS)}
assert set(series["score"]) <= {"green", "yellow", "red", "grey"}
assert len(year) == 600, len(year)
assert str(year["value"].unit) == "adu", year["value"].unit
assert str(year["mjd"].unit) == "d"
assert year["value"].dtype.kind == "f" and year["flagged"].dtype.kind == "b"
assert stats["count"].sum() == 600, stats["count"].sum()
assert {"green", "yellow", "red", "grey", "pending"} <= set(stats.columns)
print("CHECKED", len(series), len(year), len(stats))
`
    // Asynchronously: the server answering Python runs in this process.
    const r = await promisify(execFile)('python3', ['-c', `${readmePython()}\n${check}`], { env: { ...process.env, QCLOOP_URL: url, QCLOOP_TOKEN: TOKEN, PYTHONWARNINGS: 'error::UserWarning' }, encoding: 'utf8', timeout: 120_000 })
      .catch((e: { stdout: string; stderr: string }) => ({ stdout: e.stdout, stderr: e.stderr, failed: true }))
    expect(r.stderr).toBe('')
    expect('failed' in r).toBe(false)
    expect(r.stdout).toMatch(/CHECKED 600 600 \d+/)
  }, 180_000)
})
