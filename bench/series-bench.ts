import type { StoreClient } from '../server/store/client.ts'
import { ValuesWriter } from '../server/store/values-writer.ts'
import { fmt, median, quantile, timeRuns } from './stats.ts'

const DAY = 86_400_000

/** Latency of GET /api/v1/series for a 10-year daily series and for the reduced form of a 10x denser one. */
export async function benchSeries(store: StoreClient, writer: ValuesWriter, url: string, tag: string): Promise<string[]> {
  // A dense series: 10 values a day for 10 years (36,500 points), reduced to 2,000.
  const dense = `DENSE_${tag}`
  const start = Date.UTC(2016, 0, 1, 10)
  const rows = Array.from({ length: 36_500 }, (_, i) => ({
    instrument: dense, report: 'BIAS', param: 'ron', setup: 'Chip 1', tsMs: start + Math.floor(i / 10) * DAY + (i % 10) * 60_000,
    value: 3 + Math.sin(i / 500) * 0.2, product: `${dense}.${i}.fits`, status: 2 as const,
  }))
  await writer.write(rows)
  const daily = `${url}/api/v1/series?instrument=UVES&param=ron_master&setup=${encodeURIComponent('BLUE, 225kHz/1port/low_gain, 1x1, port 1')}&maxPoints=5000`
  const reduced = `${url}/api/v1/series?instrument=${dense}&param=ron&maxPoints=2000`
  const check = await (await fetch(daily)).json()
  const check2 = await (await fetch(reduced)).json()
  const a = await timeRuns(20, 3, () => fetch(daily).then((r) => r.arrayBuffer()))
  const b = await timeRuns(20, 3, () => fetch(reduced).then((r) => r.arrayBuffer()))
  // Cold: a different maxPoints each time defeats the answer cache, so the store is queried.
  let k = 0
  const ac = await timeRuns(20, 3, () => fetch(daily.replace('maxPoints=5000', `maxPoints=${5000 + k++}`)).then((r) => r.arrayBuffer()))
  const bc = await timeRuns(20, 3, () => fetch(reduced.replace('maxPoints=2000', `maxPoints=${2000 - (k++ % 50)}`)).then((r) => r.arrayBuffer()))
  const line = (xs: number[]) => `p50 ${fmt(median(xs), 1)} ms, p95 ${fmt(quantile(xs, 0.95), 1)} ms`
  return [
    `GET /api/v1/series, 10 years daily (${check.series[0].count} points): cached ${line(a)}; uncached ${line(ac)}   [target p50 <= 10 ms]`,
    `GET /api/v1/series, reduced ${fmt(check2.series[0].count)} -> ${check2.series[0].t.length} points: cached ${line(b)}; uncached ${line(bc)}   [target p50 <= 20 ms]`,
  ]
}
