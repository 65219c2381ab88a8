import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAlerting, type Alerting } from '../../../alerts/alerting.ts'
import { smtpSender } from '../../../alerts/mailer.ts'
import { AlertPolicy } from '../../../alerts/policy-schema.ts'
import { createApp } from '../../../server/app.ts'
import { loadCatalogues } from '../../../server/catalogue/load-catalogues.ts'
import { buildServices, type Services } from '../../../server/services.ts'
import { openStoreClient, type StoreClient } from '../../../server/store/client.ts'
import { migrate } from '../../../server/store/migrations.ts'
import { SmtpSink } from '../../helpers/smtp-sink.ts'
import { countRows } from '../../helpers/test-store.ts'

/**
 * The store on a real 48 MB tmpfs (this file runs in its own process, so the embedded engine may
 * open a folder of its own): filled up, a write is a 507 that says so, /readyz names it, an email
 * goes out; space freed, writes resume. Mounting needs root, as CI and the developers' machines run.
 */
describe('out of disk space', () => {
  const mnt = mkdtempSync(join(tmpdir(), 'qcloop-tmpfs-'))
  let store: StoreClient, s: Services, app: ReturnType<typeof createApp>, smtp: SmtpSink, alerting: Alerting
  const NOW = Date.UTC(2026, 10, 24, 12)
  const filler = join(mnt, 'filler')
  const free = () => { const f = statfsSync(mnt); return f.bavail * f.bsize }
  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => JSON.stringify({
    instrument: 'UVES', report: 'BIAS', param: `p_${i % 40}`, setup: `S${i % 7}`, ts: new Date(NOW - 86_400_000 * 300 + (from + i) * 60_000).toISOString(), value: (i % 1000) / 7, product: `P${from + i}.fits`,
  })).join('\n')
  const post = (body: string) => app.request('/api/v1/measurements', { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', authorization: 'Bearer t0k3n' } })

  beforeAll(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mnt])
    store = openStoreClient({ database: 'qcloop', path: join(mnt, 'store') })
    await migrate(store)
    s = await buildServices(store, loadCatalogues('qc-params'), { clock: () => NOW })
    app = createApp(s, { token: 't0k3n', maxBodyBytes: 64 << 20 })
    smtp = new SmtpSink()
    await smtp.start()
    alerting = await startAlerting(s, AlertPolicy.parse({ recipients: { default: ['ops@example.org'] } }), 'k', { send: await smtpSender(smtp.url, 'qcloop@example.org'), schedule: false })
  })
  afterAll(async () => {
    alerting?.stop()
    await smtp?.stop()
    await s?.close()
    await store?.close()
    execFileSync('umount', ['-l', mnt])
    rmSync(mnt, { recursive: true, force: true })
  })

  it('a write is refused with 507 saying so; /readyz, /healthz and an email tell; writes resume when space returns', async () => {
    expect((await post(rows(1000))).status).toBe(200)
    writeFileSync(filler, Buffer.alloc(free() - 256 * 1024))
    const full = await post(rows(200_000, 1000))
    expect(full.status).toBe(507)
    expect((await full.json()).error).toMatchObject({ code: 'store_full', message: expect.stringMatching(/out of disk space; nothing of this write was stored/) })
    expect(await countRows(store)).toBe(1000)
    const ready = await app.request('/readyz')
    expect(ready.status).toBe(503)
    expect((await ready.json()).reasons).toEqual([expect.stringMatching(/out of disk space since 2026-11-24T12:00:00.000Z/)])
    expect((await (await app.request('/healthz')).json()).store.writable).toBe(false)
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] the store is out of disk space: values are refused'])
    // Reads go on meanwhile.
    expect((await app.request('/api/v1/series?instrument=UVES&param=p_1')).status).toBe(200)

    rmSync(filler)
    expect((await post(rows(2000, 1000))).status).toBe(200)
    expect(await countRows(store)).toBe(3000)
    expect((await app.request('/readyz')).status).toBe(200)
    await expect.poll(() => smtp.messages.map((m) => m.subject)).toEqual(['[qcloop] the store is out of disk space: values are refused', '[qcloop] the store takes writes again'])
  })
})
