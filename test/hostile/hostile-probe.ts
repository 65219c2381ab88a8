import { serve } from '@hono/node-server'
import { get } from 'node:http'
import type { Hono } from 'hono'
import type { StoreClient } from '../../server/store/client.ts'

/**
 * The app on a real loopback port, probed on /healthz every 20 ms: a case passes
 * only if every probe that overlapped it answered within the bound.
 */
export async function probedServer(app: Hono) {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  let worst = 0, failures: string[] = [], running = true
  const loop = (async () => {
    while (running) {
      const t = performance.now()
      // A connection of its own each time: the probe must not share a socket with the cases' requests.
      const status = await new Promise<number | string>((resolve) => {
        get(`${url}/healthz`, { agent: false }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)) }).on('error', (e) => resolve(e.message))
      })
      if (status !== 200) failures.push(`healthz: ${status}`)
      worst = Math.max(worst, performance.now() - t)
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  return {
    url,
    /** Starts a measurement window; returns its worst /healthz latency (ms) and any failed probe. */
    window() {
      worst = 0
      failures = []
      return { end: async () => { await new Promise((r) => setTimeout(r, 60)); return { worstMs: worst, failures } } }
    },
    async close() {
      running = false
      await loop
      server.close()
    },
  }
}

/**
 * Rows per table of a test database (active parts: every insert adds one), to prove nothing was
 * written — except the refusal log (qc_ingest_failures), whose job is to record exactly such refusals.
 */
export async function tableRows(store: StoreClient): Promise<Record<string, number>> {
  const rs = await store.client.query({
    query: "SELECT table, sum(rows) AS n FROM system.parts WHERE database = {db:String} AND active AND table != 'qc_ingest_failures' GROUP BY table ORDER BY table",
    query_params: { db: store.database }, format: 'JSONEachRow',
  })
  return Object.fromEntries((await rs.json<{ table: string; n: string }>()).map((r) => [r.table, Number(r.n)]))
}
