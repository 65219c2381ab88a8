import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServer } from '../../helpers/server-process.ts'

/**
 * The server's own log, as an operator's log shipper reads it: started without a terminal, every
 * line is one JSON object; every request has an id that is in the answer and in its line; and no
 * credential qcloop knows — the generated admin token, a token it hands out, the mail server's
 * password — appears anywhere in it, whatever requests arrive.
 */
describe('the log of a running server', () => {
  it('is JSON lines with request ids, and holds no token or password', async () => {
    const data = mkdtempSync(join(tmpdir(), 'qcloop-log-'))
    const smtpPassword = 'smtp-Pa55word-for-the-test'
    const s = await startServer({ QCLOOP_DATA: data, QCLOOP_TOKEN: '', SMTP_URL: `smtp://alerts:${smtpPassword}@127.0.0.1:9`, QCLOOP_LOG_LEVEL: 'debug' })
    const admin = readFileSync(join(data, 'token'), 'utf8').trim()
    const auth = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' })
    const made = await fetch(`${s.url}/api/v1/tokens`, { method: 'POST', headers: auth(admin), body: JSON.stringify({ name: 'pipeline-1', role: 'pipeline' }) })
    expect(made.status).toBe(201)
    const pipeline = ((await made.json()) as { token: string }).token
    const reader = ((await (await fetch(`${s.url}/api/v1/tokens`, { method: 'POST', headers: auth(admin), body: JSON.stringify({ name: 'night-astronomer', role: 'reader' }) })).json()) as { token: string }).token
    const wrong = 'not-a-token-but-looks-like-one-123456'
    const answers = await Promise.all([
      fetch(`${s.url}/api/v1/health`, { headers: { ...auth(reader), 'x-request-id': 'ops-ticket-42' } }),
      fetch(`${s.url}/api/v1/measurements`, { method: 'POST', headers: auth(wrong), body: '[]' }),
      fetch(`${s.url}/api/v1/health?token=${admin}`),
      fetch(`${s.url}/api/v1/measurements`, { method: 'POST', headers: auth(pipeline), body: `[{"instrument":"UVES","password":"${smtpPassword}"}]` }),
      fetch(`${s.url}/metrics`, { headers: auth(admin) }),
    ])
    expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 400, 200])
    expect(answers[0].headers.get('x-request-id')).toBe('ops-ticket-42')
    const generatedId = answers[1].headers.get('x-request-id')
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/)
    s.proc.kill('SIGTERM')
    expect(await s.exited).toBe(0)

    const lines = s.output().split('\n').filter((l) => l.trim() !== '')
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>) // throws on a line that is not JSON
    for (const e of events) {
      expect(e.level).toMatch(/^(debug|info|warn|error)$/)
      expect(Number.isNaN(Date.parse(String(e.time)))).toBe(false)
      expect(typeof e.msg).toBe('string')
    }
    const requests = events.filter((e) => e.msg === 'request')
    expect(requests.find((e) => e.requestId === 'ops-ticket-42')).toMatchObject({ method: 'GET', route: '/api/v1/health', status: 200, by: 'night-astronomer' })
    expect(requests.find((e) => e.requestId === generatedId)).toMatchObject({ method: 'POST', status: 401 })
    expect(requests.find((e) => e.route === '/metrics')).toMatchObject({ level: 'debug', by: 'admin' })
    for (const secret of [admin, pipeline, reader, wrong, smtpPassword]) expect(s.output()).not.toContain(secret)
  }, 300_000)
})
