import type { Services } from '../services.ts'
import { readUnscored } from '../store/scoring-store.ts'

/**
 * Finds values that have no score yet (written just before a crash, or loaded
 * with scoring off) and queues scoring from the earliest of them, per
 * instrument. Run at start-up; costs one anti-join over the store.
 *
 * @example
 * await scoreMissing(services); await services.scoring.idle()
 */
export async function scoreMissing(s: Services): Promise<number> {
  let total = 0
  for (const r of await readUnscored(s.store)) {
    s.scoring.request(r.instrument, r.params, r.fromMs)
    total += r.values
  }
  return total
}
