import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRODUCTS } from '../../helpers/eso-fixtures.ts'
import { card, formatHeader } from '../../../server/fits/format-header.ts'
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
    expect(bad.stdout).toMatch(/token is unknown or revoked/)
    const down = cli('ingest', join(PRODUCTS, 'uves/night01'), '--url', 'http://127.0.0.1:1', '--token', TOKEN)
    expect(down.stdout).toMatch(/could not reach/)
  })

  it('sends raw frames to calChecker as their headers only, and products to the QC store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcloop-cli-raw-'))
    const header = formatHeader([card('SIMPLE', true), card('BITPIX', 16), card('NAXIS', 2), card('NAXIS1', 1024), card('NAXIS2', 1024), card('INSTRUME', 'FORS2'),
      card('MJD-OBS', 60371.0833333), card('ESO DPR CATG', 'SCIENCE'), card('ESO DPR TYPE', 'OBJECT'), card('ESO DPR TECH', 'IMAGE'), card('ESO INS FILT1 NAME', 'z_SPECIAL')])
    writeFileSync(join(dir, 'FORS2.raw.fits'), Buffer.concat([header, Buffer.alloc(Math.ceil((1024 * 1024 * 2) / 2880) * 2880)]))
    cpSync(join(PRODUCTS, 'giraffe/night01/master_bias.hdr.fits'), join(dir, 'mb.fits'))
    const r = cli('ingest', dir, '--url', server.url, '--token', TOKEN)
    expect(r.stdout).toContain('2 of 2 files ingested: ')
    expect(r.stdout).toContain(', 1 new raw frames for calChecker (0 already known); 0 refused')
    const f = await (await fetch(`${server.url}/api/v1/calchecker/FORS2/2024-03-01/frames`)).json()
    expect(f.observations).toEqual([expect.objectContaining({ type: 'SCI_IMG', firstFile: 'FORS2.raw.fits', cals: [expect.objectContaining({ cal: 'BIAS', status: 'MISS' }), expect.anything(), expect.anything()] })])
    expect(cli('ingest', join(dir, 'FORS2.raw.fits'), '--url', server.url, '--token', TOKEN).stdout).toContain('0 new raw frames for calChecker (1 already known)')
  })
})
