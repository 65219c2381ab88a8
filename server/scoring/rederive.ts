import type { Services } from '../services.ts'
import { MIGRATIONS } from '../store/schema.ts'
import { instrumentsWithValues } from '../store/open-store.ts'

/**
 * After an upgrade whose migrations add or change a derived table (`rederives`), re-scores every
 * instrument that has values, from its first value: an upgraded store shows the same health,
 * validity and roll-ups as one built fresh, not empty derived tables until someone re-scores.
 * Returns how many instruments were queued (0: nothing to do). The caller awaits scoring.idle().
 *
 * @example
 * const { store, ran } = await openStoreMigrated(cfg); …; await rederiveAfterUpgrade(s, ran)
 */
export async function rederiveAfterUpgrade(s: Services, ran: string[]): Promise<number> {
  const rederiving = new Set(MIGRATIONS.filter((m) => m.rederives).map((m) => m.name))
  // A store created by this opening (its first migration ran) had nothing to re-derive.
  if (ran.includes(MIGRATIONS[0].name) || !ran.some((name) => rederiving.has(name))) return 0
  return rescoreEverything(s)
}

/** Queues a full re-score of every instrument that has values (after an upgrade, a restore); returns how many. */
export async function rescoreEverything(s: Services): Promise<number> {
  const instruments = await instrumentsWithValues(s.store)
  for (const i of instruments) s.scoring.request(i, null, 0)
  return instruments.length
}
