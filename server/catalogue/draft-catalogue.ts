import { firstValue, headerValue, type Header } from '../fits/header.ts'
import { GENERIC_SETUP, genericKeyText, valueText } from '../products/setup-label.ts'
import { unitFromComment } from '../products/card-unit.ts'
import type { Dictionaries } from './dictionaries.ts'

/**
 * A first catalogue for an instrument qcloop has none for, drafted from real products (and ESO's
 * QC dictionaries): one report per PRO CATG, every numeric QC keyword as a parameter with unit
 * and description, indices in keywords as captures (`ESO QC OUT{n1} RON MASTER`: one parameter
 * per quantity, one series per output), the generic setup keywords that vary across the
 * products, class CAL and no rules — a QC scientist edits it rather than writing it. Pure.
 *
 * @example
 * const yaml = stringify(draftCatalogue('UVES', productsHeaders, dictionaries))
 */
export function draftCatalogue(instrument: string, products: Header[][], dic?: Dictionaries): Record<string, unknown> {
  const reports = new Map<string, Map<string, { name: string; keyword: string; unit: string; description: string; class: 'CAL' }>>()
  const seen = new Map<string, Set<string>>() // setup keyword → values across products
  for (const headers of products) {
    const catg = valueText(firstValue(headers, 'ESO PRO CATG'))
    if (!catg) continue
    for (const k of GENERIC_SETUP.keys) {
      for (const h of headers) {
        const v = genericKeyText(k, (key) => headerValue(h, key))
        if (v === undefined) continue
        if (!seen.has(k.name)) seen.set(k.name, new Set())
        seen.get(k.name)!.add(v)
      }
    }
    let params = reports.get(catg)
    if (!params) reports.set(catg, (params = new Map()))
    for (const h of headers) {
      for (const card of h.cards) {
        if (!card.key.startsWith('ESO QC ') || (typeof card.value !== 'number' && typeof card.value !== 'bigint')) continue
        let n = 0
        // Digits that end a word are an index (OUT1, MASTER2, CHIP3): a capture, so outputs share one parameter.
        const keyword = card.key.replace(/([A-Z])(\d+)(?= |$)/g, (_, letter: string) => `${letter}{n${++n}}`)
        if (params.has(keyword)) continue
        const d = dic?.lookup(card.key)
        const c = unitFromComment(card.comment)
        params.set(keyword, { name: '', keyword, unit: d?.unit || c.unit, description: d?.description || d?.comment || c.description, class: 'CAL' })
      }
    }
  }
  // Parameter names are the instrument's series keys: unique across its reports (a keyword in two reports gets _2).
  const used = new Set<string>()
  // Only keywords that tell products apart make the setup (a constant one would only lengthen every label).
  const keys = GENERIC_SETUP.keys.filter((k) => (seen.get(k.name)?.size ?? 0) > 1).map((k) => ({ name: k.name, keyword: k.keyword, ...(k.pattern ? { pattern: k.pattern } : {}) }))
  return {
    instrument: instrument.toUpperCase(),
    description: `Drafted by qcloop catalogue draft from ${products.length} product(s): review names, classes and units, then add rules.`,
    instrume: [instrument],
    setup: { keys, label: keys.length ? keys.map((k) => `{${k.name}}`).join(', ') : 'default' },
    reports: [...reports.entries()].filter(([, p]) => p.size > 0).sort(([a], [b]) => a.localeCompare(b)).map(([catg, p]) => ({
      name: reportName(catg), description: `Products of PRO CATG ${catg}`, pro_catg: [catg],
      params: nameParams([...p.values()].sort((a, b) => a.keyword.localeCompare(b.keyword)), used),
    })),
    rules: [],
  }
}

/** An UPPER_SNAKE report name from a PRO CATG. */
const reportName = (catg: string) => { const n = catg.toUpperCase().replace(/[^A-Z0-9_]+/g, '_'); return /^[A-Z]/.test(n) ? n : `R_${n}` }

/** lower_snake names from keywords (`ESO QC OUT{n1} RON MASTER` → `out_ron_master`), unique among `used`. */
function nameParams<T extends { name: string; keyword: string }>(params: T[], used: Set<string>): T[] {
  for (const p of params) {
    const base = p.keyword.slice('ESO QC '.length).replace(/\{n\d+\}/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'value'
    let name = /^[a-z]/.test(base) ? base : `p_${base}`
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`
    used.add(name)
    p.name = name
  }
  return params
}
