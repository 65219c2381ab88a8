import { resolve } from 'node:path'
import { loadCatalogues } from '../catalogue/load-catalogues.ts'
import { readConfig } from '../config.ts'
import { checkAndRepair, FINDINGS } from '../scoring/check-and-repair.ts'
import { buildServices } from '../services.ts'
import { openStore } from '../store/open-store.ts'
import type { Finding } from '../store/store-check.ts'

type Out = { write(t: string): unknown }

/**
 * `qcloop check [--repair]`: verifies the store of this configuration (QCLOOP_DATA's embedded
 * store, or CLICKHOUSE_URL) — derived data against the values — prints what it found and what
 * `--repair` does about each; with `--repair`, repairs and checks again. Exit status 0 when
 * nothing is left to report. The embedded store must not be in use by a running qcloop.
 */
export async function checkCommand(args: string[], env: NodeJS.ProcessEnv, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const repair = args.includes('--repair')
  const unknown = args.filter((a) => a !== '--repair')
  if (unknown.length > 0) { err.write(`qcloop check: unknown argument ${unknown[0]}\nusage: qcloop check [--repair]\n`); return 2 }
  const cfg = readConfig(env)
  let store
  try { store = await openStore(cfg) } catch (e) {
    err.write(`qcloop check: cannot open the store (${(e as Error).message}); stop the qcloop that uses it first\n`)
    return 1
  }
  try {
    const s = await buildServices(store, loadCatalogues(resolve(cfg.catalogues)), { autoScore: false, dayBoundaryHour: cfg.dayBoundaryHour })
    const { before, after } = await checkAndRepair(s, repair)
    const line = (f: Finding) => `  ${f.instrument}: ${f.count.toLocaleString('en')} ${FINDINGS[f.check].what}${FINDINGS[f.check].repair ? ` (--repair ${FINDINGS[f.check].repair})` : ' (not repaired: yours to review)'}\n`
    if (before.length === 0) out.write('store consistent: every value is scored, every derived row has its values\n')
    else {
      out.write(`found:\n${before.map(line).join('')}`)
      if (repair) out.write(after.length === 0 ? 'repaired: the store is consistent\n' : `left after repair:\n${after.map(line).join('')}`)
    }
    await s.close()
    return after.length === 0 ? 0 : 1
  } finally {
    await store.close()
  }
}
