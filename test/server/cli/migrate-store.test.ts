import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClickHouseStandIn } from '../../helpers/clickhouse-standin.ts'
import { startServer } from '../../helpers/server-process.ts'

const TOKEN = 'migrate-token'
const DB = 'qcloop_mig'
const SERIES = ['/api/v1/series?instrument=UVES&param=ron_master', '/api/v1/series?instrument=HAWKI&param=dark_current', '/api/v1/catalogue']

/** `qcloop migrate-store …` as a child process; `onStart` may kill it. */
function migrateStore(args: string[], onStart?: (kill: () => void) => void): Promise<{ code: number | null; out: string }> {
  const p = spawn(process.execPath, ['bin/qcloop.js', 'migrate-store', ...args], { env: { ...process.env, CLICKHOUSE_DATABASE: DB }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  p.stdout.on('data', (d) => (out += d)); p.stderr.on('data', (d) => (out += d))
  onStart?.(() => p.kill('SIGKILL'))
  return new Promise((r) => p.on('exit', (code) => r({ code, out })))
}

describe('qcloop migrate-store: from the embedded store to a ClickHouse server (the test stand-in)', () => {
  let ch: Awaited<ReturnType<typeof startClickHouseStandIn>>, data: string
  const before = new Map<string, unknown>()
  const sql = async (q: string) => JSON.parse((await (await fetch(ch.url, { method: 'POST', body: `${q} FORMAT JSONEachRow` })).text()).trim() || 'null')

  beforeAll(async () => {
    ch = await startClickHouseStandIn()
    data = mkdtempSync(join(tmpdir(), 'qcloop-migrate-'))
    // A stopped qcloop's data folder: four months of demo history, scored, with calChecker frames.
    const src = await startServer({ QCLOOP_DATA: data, QCLOOP_SEED: '1', QCLOOP_SEED_DAYS: '120', QCLOOP_TOKEN: TOKEN, CLICKHOUSE_DATABASE: DB })
    for (const path of SERIES) before.set(path, await (await fetch(`${src.url}${path}`)).json())
    src.proc.kill('SIGTERM'); await src.exited
  }, 240_000)
  afterAll(async () => { await ch?.close() })

  it('cut off by kill -9 mid-copy, a second run resumes and verifies; a third changes nothing', async () => {
    const first = await migrateStore(['--from', data, '--to', ch.url, '--chunk', '1000'], (kill) => {
      // Killed as soon as the target holds some rows, long before the ~100k rows are across.
      const t = setInterval(async () => {
        const r = await sql(`SELECT sum(rows) AS n FROM system.parts WHERE database = '${DB}' AND active AND table != 'schema_migrations'`).catch(() => null)
        if (Number(r?.n ?? 0) > 0) { clearInterval(t); kill() }
      }, 20)
    })
    expect(first.code).toBeNull() // died by the signal
    expect(first.out).not.toMatch(/verified/)
    const second = await migrateStore(['--from', data, '--to', ch.url, '--chunk', '5000'])
    expect(second.out).toMatch(/verified: \d+ tables, every row count matches/)
    expect(second.code).toBe(0)
    const values = await sql(`SELECT count() AS n FROM ${DB}.qc_values`)
    const third = await migrateStore(['--from', data, '--to', ch.url])
    expect(third.code).toBe(0)
    expect(await sql(`SELECT count() AS n FROM ${DB}.qc_values`)).toEqual(values)
    expect(Number(values.n)).toBeGreaterThan(20_000)
  }, 120_000)

  it('qcloop started on the target serves the same series, scores and catalogue as before the move', async () => {
    const dst = await startServer({ CLICKHOUSE_URL: ch.url, CLICKHOUSE_DATABASE: DB, QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-migrated-')), QCLOOP_TOKEN: TOKEN })
    try {
      for (const path of SERIES) expect(await (await fetch(`${dst.url}${path}`)).json(), path).toEqual(before.get(path))
    } finally { dst.proc.kill('SIGTERM'); await dst.exited }
  }, 120_000)

  it('refuses without a store to copy, naming the folder', async () => {
    const r = await migrateStore(['--from', join(data, 'nowhere'), '--to', ch.url])
    expect(r.code).toBe(2)
    expect(r.out).toMatch(/no embedded store in .*nowhere\/store/)
    const other = await migrateStore(['--from', data, '--to', ch.url, '--database', 'elsewhere'])
    expect(other.code).toBe(1)
    expect(other.out).toMatch(new RegExp(`no qcloop database elsewhere \\(it has: ${DB}\\)`))
  })
})
