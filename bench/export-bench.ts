import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { exportSite } from '../server/export/export-site.ts'
import { fmt } from './stats.ts'

const size = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0)

/** Export time and size of the public site (the demo history). */
export async function benchExport(url: string): Promise<string[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'qcloop-bench-export-')), 'site')
  const r = await exportSite({ url, out })
  const again = await exportSite({ url, out })
  const lines = [
    `public export of the demo history: ${fmt(r.ms / 1000, 1)} s, ${r.files} files, ${fmt(size(out) / 1048576, 1)} MiB on disk   [target <= 30 s]`,
    `re-export with no new data: ${fmt(again.ms / 1000, 1)} s, ${again.changed ? 'files changed (unexpected)' : 'no file changed'}`,
  ]
  rmSync(dirname(out), { recursive: true, force: true })
  return lines
}

/**
 * Streaming rate of GET /api/v1/values over all of MUSE's values, and the
 * process's resident memory sampled every 50 ms while streaming: the
 * growth must stay flat (a page at a time), whatever the history's size.
 */
export async function benchStreaming(url: string, token: string): Promise<string[]> {
  const before = process.memoryUsage().rss
  let high = before
  const sampler = setInterval(() => { high = Math.max(high, process.memoryUsage().rss) }, 50)
  const t = performance.now()
  const res = await fetch(`${url}/api/v1/values?instrument=MUSE&format=ndjson`, { headers: { authorization: `Bearer ${token}` } })
  let rows = 0, bytes = 0
  const reader = res.body!.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.length
    for (const b of value) if (b === 10) rows++
  }
  clearInterval(sampler)
  const s = (performance.now() - t) / 1000
  return [
    `GET /api/v1/values streaming (all MUSE values, ndjson): ${fmt(rows)} rows, ${fmt(bytes / 1048576)} MiB in ${fmt(s, 1)} s = ${fmt(rows / s)} rows/s; `
      + `RSS ${fmt(before / 1048576)} MiB before, peak ${fmt(high / 1048576)} MiB while streaming (+${fmt((high - before) / 1048576)} MiB)`,
  ]
}
