import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClickHouseStandIn } from '../helpers/clickhouse-standin.ts'
import { startServer, type RunningServer } from '../helpers/server-process.ts'

const TOKEN = 'multi-process-token'

describe('several qcloop processes on one ClickHouse (through the test stand-in)', () => {
  let ch: Awaited<ReturnType<typeof startClickHouseStandIn>>, api: RunningServer, worker: RunningServer
  beforeAll(async () => {
    ch = await startClickHouseStandIn()
    const env = (role: string) => ({ CLICKHOUSE_URL: ch.url, CLICKHOUSE_DATABASE: 'qcloop_mp', QCLOOP_TOKEN: TOKEN, QCLOOP_ROLE: role, QCLOOP_DATA: mkdtempSync(join(tmpdir(), `qcloop-${role}-`)) })
    worker = await startServer(env('worker'))
    api = await startServer(env('api'))
  }, 240_000)
  afterAll(async () => { api?.proc.kill('SIGTERM'); worker?.proc.kill('SIGTERM'); await Promise.all([api?.exited, worker?.exited]); await ch?.close() })

  it('values written through an api process are scored by the worker, which finds them itself', async () => {
    expect(api.output()).toMatch(/Role: api/)
    expect(worker.output()).toMatch(/Role: worker/)
    const rows = Array.from({ length: 20 }, (_, d) => ({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: new Date(Date.UTC(2024, 0, 1 + d, 10)).toISOString(), value: 1 + d / 100, product: `P${d}.fits` }))
    const res = await fetch(`${api.url}/api/v1/measurements`, { method: 'POST', body: JSON.stringify(rows), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
    expect(await res.json()).toMatchObject({ accepted: 20 })
    const pending = async () => {
      const s = await (await fetch(`${api.url}/api/v1/series?instrument=UVES&param=ron_master&maxPoints=${Math.floor(Math.random() * 1000) + 100}`)).json()
      return (s.series[0]?.cause as string[] | undefined)?.filter((c) => c === 'pending').length ?? -1
    }
    // Within 5 s (the worker polls every 2 s, 2 s behind now).
    await expect.poll(pending, { timeout: 10_000, interval: 500 }).toBe(0)
  })
})
