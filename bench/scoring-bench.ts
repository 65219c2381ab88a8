import type { Services } from '../server/services.ts'
import { fmt, median, quantile, timeRuns } from './stats.ts'

/**
 * Scoring figures: first full scoring of the history, GET /api/v1/health (cached
 * and uncached), the ingest rate with scoring on, and re-scoring 10 years of
 * one instrument after a threshold change.
 */
export async function benchScoring(s: Services, url: string, token: string, tag: string): Promise<string[]> {
  const lines: string[] = []
  let t = performance.now()
  const instruments = s.catalogues().map((c) => c.instrument)
  for (const i of instruments) s.scoring.request(i, null, 0)
  await s.scoring.idle()
  lines.push(`first scoring of the whole history: ${fmt((performance.now() - t) / 1000, 1)} s`)

  const cached = await timeRuns(20, 3, () => fetch(`${url}/api/v1/health`).then((r) => r.arrayBuffer()))
  // Uncached: a no-op notify bumps the score generation, so every request reads the store.
  const cold = await timeRuns(20, 3, () => { s.scoring.notify('none'); return fetch(`${url}/api/v1/health`).then((r) => r.arrayBuffer()) })
  const line = (xs: number[]) => `p50 ${fmt(median(xs), 1)} ms, p95 ${fmt(quantile(xs, 0.95), 1)} ms`
  lines.push(`GET /api/v1/health (all instruments): cached ${line(cached)}; uncached ${line(cold)}   [target p50 <= ${tag === '1' ? 20 : 50} ms]`)

  // Ingest with scoring on: the rate of the API including the scoring pass of each batch.
  s.setAutoScore(true)
  const rates: number[] = []
  for (let b = 0; b < 3; b++) {
    const t0 = Date.UTC(2013, 0, 1) + b * 100_000 * 60_000
    const body = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({
      instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: `BENCH ${tag} ${i % 20}`, ts: new Date(t0 + i * 60_000).toISOString(), value: 1 + (i % 7) / 100, product: `B${tag}.${b}.${i}.fits`,
    })).join('\n')
    const start = performance.now()
    const res = await fetch(`${url}/api/v1/measurements`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } })
    await res.arrayBuffer()
    await s.scoring.idle()
    rates.push(100_000 / ((performance.now() - start) / 1000))
  }
  s.setAutoScore(false)
  lines.push(`ingest with scoring on (100k values of a ruled parameter per request, until scored; median of 3): ${fmt(median(rates))} values/s`)

  t = performance.now()
  const rule = s.rules.current('UVES', 'ron_master:*')!
  await s.rules.change({ instrument: 'UVES', id: rule.id, rule: { ...rule.rule, warning: 3.5 } as typeof rule.rule, fromMs: 0, by: 'bench', why: 'bench', atMs: Date.now() })
  s.scoring.request('UVES', null, 0)
  await s.scoring.idle()
  lines.push(`re-score 10 years of UVES (all parameters) after a threshold change: ${fmt((performance.now() - t) / 1000, 2)} s`)
  return lines
}
