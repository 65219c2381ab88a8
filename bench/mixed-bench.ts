import { fmt, median, quantile } from './stats.ts'

const BATCH = 10_000
const WRITERS = 10
const READERS = 5
const BATCHES_PER_WRITER = 6

/** One 10k-value NDJSON batch of a synthetic instrument, disjoint per writer and batch. */
function batch(instrument: string, b: number): string {
  const t0 = Date.UTC(2014, 0, 1) + b * BATCH * 60_000
  let out = ''
  for (let i = 0; i < BATCH; i++) {
    out += JSON.stringify({ instrument, report: 'BIAS', param: `param_${i % 40}`, setup: `Chip ${i % 4}`, ts: new Date(t0 + i * 60_000).toISOString(), value: 1 + (i % 97) / 1000, product: `${instrument}.${t0 + i}.fits` }) + '\n'
  }
  return out
}

/**
 * Reads while writing: 10 writers send 10k-value NDJSON batches while 5 readers
 * loop over an uncached series, the health monitor and a page of values. Prints
 * read latency percentiles and the write rate next to one writer's rate alone.
 */
export async function benchMixed(url: string, token: string, tag: string): Promise<string[]> {
  const post = async (instrument: string, b: number) => {
    const res = await fetch(`${url}/api/v1/measurements`, { method: 'POST', body: batch(instrument, b), headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } })
    const a = await res.json()
    if (a.accepted !== BATCH) throw new Error(`mixed bench: ${JSON.stringify(a).slice(0, 200)}`)
  }
  // One writer alone, for the reference rate.
  let t = performance.now()
  for (let b = 0; b < BATCHES_PER_WRITER; b++) await post(`MIX_SOLO_${tag}`, b)
  const solo = (BATCHES_PER_WRITER * BATCH) / ((performance.now() - t) / 1000)

  let writing = true
  let reads: Record<string, number[]> = { series: [], health: [], values: [] }
  let k = 0
  const readOnce = async (what: string) => {
    // A different maxPoints or range each time: the answer caches are bypassed, the store is queried.
    const path = what === 'series' ? `/api/v1/series?instrument=UVES&param=ron_master&maxPoints=${2000 + (k++ % 500)}`
      : what === 'health' ? '/api/v1/health' : `/api/v1/values?instrument=UVES&param=ron_master&from=2024-0${1 + (k++ % 9)}-01&to=2024-12-31&format=json`
    const s = performance.now()
    const res = await fetch(url + path)
    await res.arrayBuffer()
    if (!res.ok) throw new Error(`mixed bench read ${path}: ${res.status}`)
    reads[what].push(performance.now() - s)
  }
  const startReaders = () => Array.from({ length: READERS }, async (_, r) => {
    const what = ['series', 'health', 'values', 'series', 'values'][r]
    while (writing) await readOnce(what)
  })
  // The readers alone for 5 s: what the reads cost among themselves.
  let readers = startReaders()
  await new Promise((r) => setTimeout(r, 5_000))
  writing = false
  await Promise.all(readers)
  const alone = reads
  reads = { series: [], health: [], values: [] }
  writing = true
  readers = startReaders()
  t = performance.now()
  await Promise.all(Array.from({ length: WRITERS }, async (_, w) => { for (let b = 0; b < BATCHES_PER_WRITER; b++) await post(`MIX_${tag}_${w}`, b) }))
  const mixed = (WRITERS * BATCHES_PER_WRITER * BATCH) / ((performance.now() - t) / 1000)
  writing = false
  await Promise.all(readers)
  const all = Object.values(reads).flat()
  const line = (xs: number[]) => `p50 ${fmt(median(xs), 0)} ms, p99 ${fmt(quantile(xs, 0.99), 0)} ms, max ${fmt(Math.max(...xs), 0)} ms (${xs.length} reads)`
  return [
    `mixed: ${WRITERS} writers × ${BATCHES_PER_WRITER} batches of ${fmt(BATCH)} values with ${READERS} readers — reads ${line(all)}   [target p99 <= 300 ms]`,
    `mixed:   the same readers without writers: series ${line(alone.series)}; health ${line(alone.health)}; values ${line(alone.values)}`,
    `mixed:   series ${line(reads.series)}; health ${line(reads.health)}; values ${line(reads.values)}`,
    `mixed: write rate ${fmt(mixed)} values/s vs one writer alone ${fmt(solo)} values/s = ${fmt((mixed / solo) * 100, 0)} %   [target >= 80 %]`,
  ]
}
