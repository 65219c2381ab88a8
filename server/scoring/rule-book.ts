import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { StoreClient } from '../store/client.ts'
import { readRuleChanges, writeRuleChange } from '../store/rules-store.ts'
import { Rule } from './rule-schema.ts'
import { ruleVersions, type RuleChange, type RuleVersion } from './rule-versions.ts'

/**
 * The rules in force: the catalogues' rules plus every threshold change QC
 * scientists made through the API, which are kept (append-only) in the audit log
 * so each old version stays on record.
 *
 * @example
 * const book = new RuleBook(store, () => catalogues)
 * await book.load()
 * book.versions() // RuleVersion[]
 */
export class RuleBook {
  #changes: RuleChange[] = []
  #cache: RuleVersion[] | null = null
  constructor(private store: StoreClient, private catalogues: () => InstrumentCatalogue[]) {}

  async load(): Promise<void> {
    this.#changes = (await readRuleChanges(this.store)).map((r) =>
      ({ instrument: r.instrument, id: r.payload.id, rule: Rule.parse(r.payload.rule), fromMs: r.payload.fromMs, by: r.by, why: r.why, atMs: r.atMs }))
    this.#cache = null
  }

  versions(): RuleVersion[] {
    return (this.#cache ??= ruleVersions(this.catalogues(), this.#changes))
  }

  /** Current (latest) version of a rule, for building a change on top of it. */
  current(instrument: string, id: string): RuleVersion | undefined {
    return this.versions().filter((v) => v.instrument === instrument && v.id === id).at(-1)
  }

  /** The versions as they would be with a change (nothing is saved): for previews. */
  withChange(c: RuleChange): RuleVersion[] {
    return ruleVersions(this.catalogues(), [...this.#changes, c])
  }

  /** Records a change (persisted first, then in force). */
  async change(c: RuleChange): Promise<void> {
    await writeRuleChange(this.store, { instrument: c.instrument, by: c.by, why: c.why, atMs: c.atMs, payload: { id: c.id, rule: c.rule, fromMs: c.fromMs } })
    this.#changes.push(c)
    this.#cache = null
  }
}
