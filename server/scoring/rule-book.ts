import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { StoreClient } from '../store/client.ts'
import { Rule } from './rule-schema.ts'
import { ruleVersions, type RuleChange, type RuleVersion } from './rule-versions.ts'

/**
 * The rules in force: the catalogues' rules plus every threshold change QC
 * scientists made through the API, which are kept (append-only) in qc_actions
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
    const rs = await this.store.client.query({
      query: `SELECT instrument, by, why, toUnixTimestamp64Milli(at) AS at, payload FROM ${this.store.database}.qc_actions WHERE kind = 'rule' ORDER BY at`,
      format: 'JSONEachRow',
    })
    this.#changes = (await rs.json<{ instrument: string; by: string; why: string; at: string; payload: string }>()).map((r) => {
      const p = JSON.parse(r.payload)
      return { instrument: r.instrument, id: p.id, rule: Rule.parse(p.rule), fromMs: p.fromMs, by: r.by, why: r.why, atMs: Number(r.at) }
    })
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
    await this.store.client.insert({
      table: `${this.store.database}.qc_actions`,
      values: [{ at: c.atMs, kind: 'rule', instrument: c.instrument, by: c.by, why: c.why, payload: JSON.stringify({ id: c.id, rule: c.rule, fromMs: c.fromMs }) }],
      format: 'JSONEachRow',
    })
    this.#changes.push(c)
    this.#cache = null
  }
}
