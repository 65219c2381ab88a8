/**
 * Runs async jobs, at most `n` at a time, in order of the list; the first
 * failure rejects (jobs already started finish on their own).
 *
 * @example
 * await runPool(files.map((f) => () => ingest(f)), 16)
 */
export async function runPool(jobs: (() => Promise<unknown>)[], n: number): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.max(1, n) }, async () => { while (next < jobs.length) await jobs[next++]() }))
}
