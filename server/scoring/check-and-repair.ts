import type { Services } from '../services.ts'
import { checkStore, removeOrphans, type Finding } from '../store/store-check.ts'

/** What each finding means for a QC scientist, and what `--repair` does about it. */
export const FINDINGS: Record<string, { what: string; repair: string | null }> = {
  unscored: { what: 'values without a score', repair: 'scores them' },
  orphan_scores: { what: 'scores of values that are gone', repair: 'removes them' },
  stale_series_state: { what: 'series whose health-monitor state is not their newest score', repair: 're-scores the instrument' },
  orphan_series_state: { what: 'health-monitor states of series without scores', repair: 'removes them' },
  products_without_rollup: { what: 'products without a roll-up', repair: 're-scores the instrument' },
  orphan_rollups: { what: 'product roll-ups without values', repair: 'removes them' },
  orphan_marks: { what: 'values marked false that are gone', repair: null },
}

/**
 * `qcloop check`: what is inconsistent, and with `repair`, makes derived data agree with the
 * values again — orphans of derived tables removed, affected instruments re-scored in full —
 * then checks once more. Marks and comments are the QC scientists' and are only reported.
 */
export async function checkAndRepair(s: Services, repair: boolean): Promise<{ before: Finding[]; after: Finding[] }> {
  const before = await checkStore(s.store)
  if (!repair || before.every((f) => FINDINGS[f.check].repair === null)) return { before, after: before }
  await removeOrphans(s.store)
  for (const i of new Set(before.filter((f) => f.check !== 'orphan_marks').map((f) => f.instrument))) s.scoring.request(i, null, 0)
  await s.scoring.idle()
  return { before, after: await checkStore(s.store) }
}
