import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClickHouseStandIn } from '../helpers/clickhouse-standin.ts'
import { startServer, type RunningServer } from '../helpers/server-process.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'

const TOKEN = 'multi-process-token'
const DB = 'qcloop_mp'

/** NDJSON of `n` values of one parameter, one per day from 2024-01-01, value = f(day). */
const ndjson = (param: string, n: number, f: (d: number) => number, from = 0) => Array.from({ length: n }, (_, i) => i + from)
  .map((d) => JSON.stringify({ instrument: 'UVES', report: 'BIAS', param, setup: 'BLUE', ts: new Date(Date.UTC(2024, 0, 1 + d, 10)).toISOString(), value: f(d), product: `P${d}.fits` })).join('\n')

describe('several qcloop processes on one ClickHouse (two api, one worker, through the test stand-in)', () => {
  let ch: Awaited<ReturnType<typeof startClickHouseStandIn>>, api1: RunningServer, api2: RunningServer, worker: RunningServer
  const smtp = new SmtpSink()
  beforeAll(async () => {
    ch = await startClickHouseStandIn()
    await smtp.start()
    // Parameter alerts only: no calibration or staleness alerts from a store without history.
    const policy = join(mkdtempSync(join(tmpdir(), 'qcloop-mp-policy-')), 'policy.yaml')
    writeFileSync(policy, 'validity: false\ncalchecker: false\nstale: { hours: 100000 }\nrecipients: { default: [mountain@example.org] }\n')
    const env = (role: string) => ({
      CLICKHOUSE_URL: ch.url, CLICKHOUSE_DATABASE: DB, QCLOOP_TOKEN: TOKEN, QCLOOP_ROLE: role, QCLOOP_DATA: mkdtempSync(join(tmpdir(), `qcloop-${role}-`)),
      SMTP_URL: smtp.url, QCLOOP_ALERT_POLICY: policy, QCLOOP_ALERT_EVERY_S: '1',
    })
    worker = await startServer(env('worker')) // migrates first; the others find the schema made
    ;[api1, api2] = await Promise.all([startServer(env('api')), startServer(env('api'))])
  }, 240_000)
  afterAll(async () => {
    for (const p of [api1, api2, worker]) p?.proc.kill('SIGTERM')
    await Promise.all([api1?.exited, api2?.exited, worker?.exited]); await smtp.stop(); await ch?.close()
  })

  const post = (api: RunningServer, body: string) => fetch(`${api.url}/api/v1/measurements`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${TOKEN}` } })
  /** Rows of a parameter as readers see them, straight from the engine. */
  const stored = async (param: string): Promise<{ n: number; values: number[] }> => {
    const r = await fetch(ch.url, { method: 'POST', body: `SELECT count() AS n, groupArray(value) AS values FROM (SELECT value FROM ${DB}.qc_values FINAL WHERE param = '${param}' ORDER BY ts) FORMAT JSONEachRow` })
    const row = JSON.parse((await r.text()).trim()) as { n: string; values: number[] }
    return { n: Number(row.n), values: row.values }
  }
  const pending = async (api: RunningServer, param: string) => {
    const s = await (await fetch(`${api.url}/api/v1/series?instrument=UVES&param=${param}`)).json()
    return (s.series[0]?.cause as string[] | undefined)?.filter((c) => c === 'pending').length ?? -1
  }

  it('values written through an api process are scored by the worker, which finds them itself, and the other api process serves them scored', async () => {
    expect(api1.output()).toMatch(/Role: api/)
    expect(worker.output()).toMatch(/Role: worker/)
    const res = await post(api1, ndjson('ron_master', 20, (d) => 1 + d / 100))
    expect(await res.json()).toMatchObject({ accepted: 20 })
    // Within 5 s (the worker polls every 2 s, 2 s behind now); api2 never wrote, so it learns of the
    // new values and of their scoring from the store's write log, not from its own writer.
    await expect.poll(() => pending(api2, 'ron_master'), { timeout: 10_000, interval: 500 }).toBe(0)
    await expect.poll(() => pending(api1, 'ron_master'), { timeout: 5_000, interval: 500 }).toBe(0)
  })

  it('one batch sent through both api processes at the same moment is stored once: the acknowledgements add up to what is stored', async () => {
    for (let round = 0; round < 4; round++) {
      const param = `race_dup_${round}`
      const body = ndjson(param, 300, (d) => d * 0.5)
      const [a, b] = await Promise.all([post(api1, body), post(api2, body)])
      expect([a.status, b.status], `round ${round}`).toEqual([200, 200])
      const [ra, rb] = [await a.json(), await b.json()] as { accepted: number; duplicates: number }[]
      expect(ra.accepted + rb.accepted, `round ${round}`).toBe(300)
      expect(ra.duplicates + rb.duplicates, `round ${round}`).toBe(300)
      expect((await stored(param)).n).toBe(300)
    }
  })

  it('different values under the same keys through both at once: exactly one is refused (409) and nothing of it is stored', async () => {
    for (let round = 0; round < 4; round++) {
      const param = `race_conflict_${round}`
      // Overlapping but not equal: days 0–199 through api1, days 100–299 with other values through api2.
      const [a, b] = await Promise.all([post(api1, ndjson(param, 200, (d) => d)), post(api2, ndjson(param, 200, (d) => d + 1000, 100))])
      const statuses = [a.status, b.status].sort()
      expect(statuses, `round ${round}`).toEqual([200, 409])
      const refused = a.status === 409 ? a : b
      expect(await refused.json()).toMatchObject({ error: { code: 'conflicting_values' } })
      const s = await stored(param)
      // All of the winner, none of the loser: 200 rows, each the winner's value for its day.
      expect(s.n).toBe(200)
      const winnerFrom = a.status === 200 ? 0 : 100, offset = a.status === 200 ? 0 : 1000
      expect(s.values).toEqual(Array.from({ length: 200 }, (_, i) => i + winnerFrom + offset))
    }
  })

  it('every accepted value is scored by the worker, whichever process wrote it', async () => {
    for (const [param, api] of [['race_dup_0', api1], ['race_conflict_0', api2]] as const) {
      await expect.poll(() => pending(api, param), { timeout: 10_000, interval: 500 }).toBe(0)
    }
  })

  it('a critical value sent through both api processes at once raises one alert and one email', async () => {
    const row = JSON.stringify({ instrument: 'FORS2', report: 'BIAS', param: 'ron', setup: 'CHIP1', ts: '2026-01-10T10:00:00Z', value: 9.5, product: 'F1.fits' })
    const [a, b] = await Promise.all([post(api1, row), post(api2, row)])
    expect([a.status, b.status]).toEqual([200, 200])
    await expect.poll(() => smtp.messages.map((m) => m.subject), { timeout: 15_000, interval: 250 }).toEqual(['[qcloop] FORS2: 1 critical alert — ron'])
    // Further evaluation rounds (every second) send nothing more.
    await new Promise((r) => setTimeout(r, 2500))
    expect(smtp.messages).toHaveLength(1)
  })
})
