import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServer } from '../helpers/server-process.ts'

const TOKEN = 'process-test-token'
const rows = Array.from({ length: 500 }, (_, i) => ({
  instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString(),
  value: 1 + i / 1000, product: `UVES.${i}.fits`,
}))

async function post(url: string, body: unknown) {
  return fetch(`${url}/api/v1/measurements`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })
}

async function count(url: string): Promise<number> {
  const body = await (await fetch(`${url}/api/v1/series?instrument=UVES&param=ron_master&maxPoints=100000`)).json()
  return body.series[0]?.count ?? 0
}

describe('the server process', () => {
  it('keeps acknowledged values through kill -9, reloads its policy on SIGHUP, and stops cleanly on SIGTERM', async () => {
    const data = mkdtempSync(join(tmpdir(), 'qcloop-proc-'))
    const policy = join(data, 'policy.yaml')
    copyFileSync('alerts/policy.yaml', policy)
    const env = { QCLOOP_DATA: data, QCLOOP_TOKEN: TOKEN, QCLOOP_ALERT_POLICY: policy }
    const first = await startServer(env)
    expect((await post(first.url, rows)).status).toBe(200)
    first.proc.kill('SIGKILL')
    await first.exited

    const second = await startServer(env)
    expect(await count(second.url)).toBe(500)
    expect(await (await post(second.url, rows)).json()).toMatchObject({ accepted: 0, duplicates: 500 })
    writeFileSync(policy, 'repeatHours: never\n')
    second.proc.kill('SIGHUP')
    await expect.poll(() => second.output(), { timeout: 10_000 }).toContain(`The policy was not reloaded; the running one is kept. ${policy}: repeatHours:`)
    writeFileSync(policy, 'repeatHours: 12\ndigest: { at: "08:30" }\n')
    second.proc.kill('SIGHUP')
    await expect.poll(() => second.output(), { timeout: 10_000 }).toContain(`Alert policy reloaded from ${policy} (SIGHUP)`)
    expect(second.output()).toContain('daily at 08:30 UT')
    second.proc.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect(second.output()).toMatch(/SIGTERM: finishing requests in flight/)
  }, 300_000)

  it('generates the admin token on first start into a file only its owner reads, and never prints it', async () => {
    const data = mkdtempSync(join(tmpdir(), 'qcloop-proc-'))
    const s = await startServer({ QCLOOP_DATA: data, QCLOOP_TOKEN: '' })
    expect(s.output()).toContain(`Admin token: generated into ${join(data, 'token')} (mode 0600`)
    const token = readFileSync(join(data, 'token'), 'utf8').trim()
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    expect(statSync(join(data, 'token')).mode & 0o777).toBe(0o600)
    expect(s.output()).not.toContain(token)
    const res = await fetch(`${s.url}/api/v1/measurements`, { method: 'POST', body: '[]', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    s.proc.kill('SIGTERM')
    await s.exited
    const again = await startServer({ QCLOOP_DATA: data, QCLOOP_TOKEN: '' })
    expect(again.output()).toContain(`Admin token: in ${join(data, 'token')}`)
    expect(again.output()).not.toContain(token)
    again.proc.kill('SIGTERM')
    await again.exited
  }, 300_000)
})
