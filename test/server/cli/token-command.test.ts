import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../helpers/server-process.ts'

const ADMIN = 'cli-admin-token'
// Asynchronous, so this process's own keep-alive connections see the server's closes while the CLI runs.
const cli = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
  execFile(process.execPath, ['bin/qcloop.js', ...args], { encoding: 'utf8', env: { ...process.env, QCLOOP_TOKEN: '' } }, (e, stdout, stderr) => resolve({ status: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr }))
})

describe('npx qcloop token', () => {
  let server: RunningServer
  beforeAll(async () => { server = await startServer({ QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-token-')), QCLOOP_TOKEN: ADMIN }) })
  afterAll(() => { server.proc.kill('SIGTERM') })

  it('adds a token (printed once), lists it with its last use, and revokes it', async () => {
    const add = await cli('token', 'add', 'uves-pipeline', '--role', 'pipeline', '--url', server.url, '--token', ADMIN)
    expect(add.status, add.stderr).toBe(0)
    expect(add.stderr).toMatch(/shown only now/)
    const token = add.stdout.trim()
    expect(token).toMatch(/^qcl_/)
    const ingest = await fetch(`${server.url}/api/v1/measurements`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: '2024-01-01T10:00:00Z', value: 1.1, product: 'p.fits' }]) })
    expect(ingest.status).toBe(200)
    // A pipeline token ingests and nothing else.
    expect((await fetch(`${server.url}/api/v1/actions`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403)
    const list = await cli('token', 'list', `--url=${server.url}`, `--token=${ADMIN}`)
    expect(list.status).toBe(0)
    expect(list.stdout).toMatch(/^NAME\s+ROLE\s+CREATED\s+LAST USED\s+STATE$/m)
    expect(list.stdout).toMatch(/^uves-pipeline\s+pipeline\s+\d{4}-\d\d-\d\dT\S+\s+\d{4}-\d\d-\d\dT\S+\s+active$/m)
    expect(list.stdout).toMatch(/^admin\s+admin\s+\(QCLOOP_TOKEN/m)
    expect(list.stdout).not.toContain(token)
    // Only an admin manages tokens.
    const denied = await cli('token', 'list', '--url', server.url, '--token', token)
    expect(denied.status).toBe(1)
    expect(denied.stderr).toMatch(/403: uves-pipeline has role pipeline/)
    const revoke = await cli('token', 'revoke', 'uves-pipeline', '--url', server.url, '--token', ADMIN)
    expect(revoke.status).toBe(0)
    expect((await fetch(`${server.url}/api/v1/measurements`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '[]' })).status).toBe(401)
    expect((await cli('token', 'list', '--url', server.url, '--token', ADMIN)).stdout).toMatch(/^uves-pipeline\s+pipeline.*revoked$/m)
    expect((await cli('token', 'frobnicate', '--url', server.url, '--token', ADMIN)).status).toBe(2)
  })

  it('the server never prints a token it was sent', () => {
    expect(server.output()).not.toMatch(/qcl_/)
  })
})
