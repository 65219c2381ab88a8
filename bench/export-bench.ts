import { mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportSite } from '../server/export/export-site.ts'
import { fmt, peakRssMiB } from './stats.ts'

const size = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0)

/** Export time and size of the public site; streaming rate of /api/v1/values. */
export async function benchExport(url: string, token: string): Promise<string[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'qcloop-bench-export-')), 'site')
  const r = await exportSite({ url, out })
  const t = performance.now()
  const res = await fetch(`${url}/api/v1/values?instrument=MUSE&format=ndjson`, { headers: { authorization: `Bearer ${token}` } })
  let rows = 0
  const reader = res.body!.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    for (const b of value) if (b === 10) rows++
  }
  const s = (performance.now() - t) / 1000
  return [
    `public export of the demo history: ${fmt(r.ms / 1000, 1)} s, ${r.files} files, ${fmt(size(out) / 1048576, 1)} MiB on disk   [target <= 30 s]`,
    `GET /api/v1/values streaming (all MUSE values, ndjson): ${fmt(rows)} rows in ${fmt(s, 1)} s = ${fmt(rows / s)} rows/s; peak RSS so far ${fmt(peakRssMiB())} MiB`,
  ]
}
