import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../helpers/server-process.ts'

const TOKEN = 'backup-admin-token'
const cli = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['bin/qcloop.js', ...args], { encoding: 'utf8', env: { ...process.env, CLICKHOUSE_URL: '', ...env } })
/** An answer without what depends on the second it was asked (the servers' clocks started at one instant and ran on). */
const timeless = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'now' || k === 'ageDays' ? undefined : v)))
const PAGES = ['/api/v1/series?instrument=UVES&param=ron_master', '/api/v1/health', '/api/v1/actions', '/api/v1/catalogue', '/api/v1/validity']

describe('qcloop backup and restore', () => {
  it('backs up a running server, restores into an empty store, and the restored server answers the same', async () => {
    const a = await startServer({ QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-bk-a-')), QCLOOP_SEED: '1', QCLOOP_SEED_DAYS: '30', QCLOOP_TOKEN: TOKEN, QCLOOP_CLOCK: '2026-11-24T12:00:00Z' })
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
    let before: unknown[]
    const dir = join(mkdtempSync(join(tmpdir(), 'qcloop-bk-')), 'backup')
    try {
      // A QC scientist's work, which a backup must not lose: a value marked false, a comment.
      const s = await (await fetch(`${a.url}/api/v1/series?instrument=UVES&param=ron_master`)).json()
      const x = s.series[0]
      const point = { instrument: 'UVES', param: 'ron_master', setup: x.setup, ts: new Date(x.t[3]).toISOString(), product: x.product[3] }
      expect((await fetch(`${a.url}/api/v1/actions/flag`, { method: 'POST', headers: auth, body: JSON.stringify({ ...point, why: 'shutter fault' }) })).status).toBe(200)
      expect((await fetch(`${a.url}/api/v1/actions/comment`, { method: 'POST', headers: auth, body: JSON.stringify({ kind: 'value', ...point, text: 'see the night log', internal: false }) })).status).toBe(200)
      await new Promise((r) => setTimeout(r, 500))
      before = await Promise.all(PAGES.map(async (p) => timeless(await (await fetch(`${a.url}${p}`, { headers: auth })).json())))
      const b = cli(['backup', '--out', dir, '--url', a.url, '--token', TOKEN])
      expect(b.stderr).toBe('')
      expect(b.status).toBe(0)
      expect(b.stdout).toMatch(/qc_values +[\d,]+ rows/)
      expect(existsSync(join(dir, 'manifest.json'))).toBe(true)
      // Anonymous callers may not take one, even on loopback where they read everything.
      expect((await fetch(`${a.url}/api/v1/backup`)).status).toBe(401)
    } finally { a.proc.kill('SIGTERM'); await a.exited }

    // A damaged copy (one byte changed in the values' file) is refused before anything is written.
    const damaged = `${dir}-damaged`
    cpSync(dir, damaged, { recursive: true })
    const tsv = join(damaged, 'qc_values.tsv'), bytes = readFileSync(tsv)
    bytes[bytes.length >> 1] ^= 1
    writeFileSync(tsv, bytes)
    const refused = cli(['restore', '--from', damaged], { QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-bk-d-')) })
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/the backup is damaged \(checksum differs from its manifest\): qc_values; nothing was restored/)

    const data = mkdtempSync(join(tmpdir(), 'qcloop-bk-b-'))
    const r = cli(['restore', '--from', dir], { QCLOOP_DATA: data })
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/every row count matches/)
    expect(r.status).toBe(0)
    // Into a store that holds values: refused.
    const again = cli(['restore', '--from', dir], { QCLOOP_DATA: data })
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/already holds values/)

    const b = await startServer({ QCLOOP_DATA: data, QCLOOP_SEED: '1', QCLOOP_TOKEN: TOKEN, QCLOOP_CLOCK: '2026-11-24T12:00:00Z' })
    try {
      const after = await Promise.all(PAGES.map(async (p) => timeless(await (await fetch(`${b.url}${p}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json())))
      for (const [i, p] of PAGES.entries()) expect(after[i], p).toEqual(before![i])
    } finally { b.proc.kill('SIGTERM'); await b.exited }
  }, 240_000)
})
