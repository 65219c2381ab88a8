import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRODUCTS } from '../../helpers/eso-fixtures.ts'
import { startServer, type RunningServer } from '../../helpers/server-process.ts'

const TOKEN = 'cli-test-token'
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/qcloop.js', ...args], { encoding: 'utf8', env: { ...process.env, QCLOOP_TOKEN: '' } })

describe('npx qcloop ingest', () => {
  let server: RunningServer
  beforeAll(async () => { server = await startServer({ QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-cli-')), QCLOOP_TOKEN: TOKEN }) })
  afterAll(() => { server.proc.kill('SIGTERM') })

  it('sends files and folders to the running server and summarises', () => {
    const r = cli('ingest', join(PRODUCTS, 'uves'), join(PRODUCTS, 'hawki/night01/darkcomb.fits'), '--url', server.url, '--token', TOKEN)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('10 of 10 files ingested: 105 new values, 0 duplicates; 0 refused')
    const again = cli('ingest', join(PRODUCTS, 'uves'), `--url=${server.url}`, `--token=${TOKEN}`)
    expect(again.stdout).toContain('9 of 9 files ingested: 0 new values, 45 duplicates; 0 refused')
  })

  it('exits non-zero and names each refused file with its reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcloop-cli-files-'))
    cpSync(join(PRODUCTS, 'giraffe/night01/master_bias.hdr.fits'), join(dir, 'ok.fits'))
    writeFileSync(join(dir, 'broken.fits'), 'SIMPLE  =                    T')
    const r = cli('ingest', dir, '--url', server.url, '--token', TOKEN)
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/refused .*broken\.fits: .*(truncated|END)/)
    expect(r.stdout).toContain('1 of 2 files ingested')
  })

  it('says so when the token is wrong or the server is unreachable', () => {
    const bad = cli('ingest', join(PRODUCTS, 'uves/night01'), '--url', server.url, '--token', 'wrong')
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/token is not valid/)
    const down = cli('ingest', join(PRODUCTS, 'uves/night01'), '--url', 'http://127.0.0.1:1', '--token', TOKEN)
    expect(down.stdout).toMatch(/could not reach/)
  })
})
