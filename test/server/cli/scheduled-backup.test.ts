import { serve } from '@hono/node-server'
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupAndPrune, backupName } from '../../../server/backup/scheduled-backup.ts'
import { makeTestApp, TOKEN } from '../../helpers/test-app.ts'

const DAY = 86_400_000, T0 = Date.UTC(2026, 11, 1, 14)

describe('scheduled backups with retention', () => {
  it('writes a dated folder per run, keeps the newest N of its own, removes a crashed partial, touches nothing else', async () => {
    const t = await makeTestApp()
    const rows = Array.from({ length: 50 }, (_, d) => ({ instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: new Date(T0 - (60 - d) * DAY).toISOString(), value: 1 + d / 100, product: `M${d}.fits` }))
    expect((await t.postJson('/api/v1/measurements', rows)).status).toBe(200)
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    const root = mkdtempSync(join(tmpdir(), 'qcloop-sched-'))
    mkdirSync(join(root, 'by-hand-before-upgrade')) // someone's own folder: never pruned
    mkdirSync(join(root, `${backupName(T0 - DAY)}.partial`)) // a backup killed mid-way
    try {
      const runs = []
      for (let d = 0; d < 4; d++) runs.push(await backupAndPrune(url, TOKEN, root, 2, T0 + d * DAY))
      expect(runs[0].manifest.tables.find((x) => x.table === 'qc_values')?.rows).toBe(50)
      expect(runs.map((r) => r.pruned)).toEqual([[], [], [backupName(T0)], [backupName(T0 + DAY)]])
      expect(readdirSync(root).sort()).toEqual(['by-hand-before-upgrade', backupName(T0 + 2 * DAY), backupName(T0 + 3 * DAY)])
      expect(existsSync(join(root, backupName(T0 + 3 * DAY), 'manifest.json'))).toBe(true)
      // A failing backup (wrong token) prunes nothing: the last good ones stay.
      await expect(backupAndPrune(url, 'not-the-admin-token-000', root, 1, T0 + 4 * DAY)).rejects.toThrow(/answered 401/)
      expect(readdirSync(root).filter((e) => e.startsWith('qcloop-'))).toHaveLength(2)
    } finally {
      server.close()
    }
  })
})
