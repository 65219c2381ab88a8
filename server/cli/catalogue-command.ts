import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { draftCatalogue } from '../catalogue/draft-catalogue.ts'
import { loadDictionaries } from '../catalogue/dictionaries.ts'
import { parseCatalogue } from '../catalogue/load-catalogues.ts'
import { firstValue, type Header } from '../fits/header.ts'
import { readFitsHeaders } from '../fits/read-headers.ts'
import { valueText } from '../products/setup-label.ts'
import { expandPaths } from './ingest-command.ts'

const USAGE = 'usage: qcloop catalogue draft <files or folders...> --instrument NAME [--out FILE] [--dictionaries DIR,...]'
type Out = { write(t: string): unknown }

/**
 * `qcloop catalogue draft`: writes a first `qc-params/<name>.yaml` for an instrument from its real
 * products (draft-catalogue.ts), checked by the same validation the server applies, and never
 * over an existing file.
 */
export async function catalogueCommand(args: string[], env: NodeJS.ProcessEnv, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  if (args[0] !== 'draft') { err.write(`${USAGE}\n`); return 2 }
  const paths: string[] = []
  let instrument = '', target = '', dics = env.QCLOOP_DICTIONARIES ?? '/usr/share/cpl-plugins'
  for (let i = 1; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined]
    const value = () => inline ?? args[++i] ?? ''
    if (flag === '--instrument') instrument = value()
    else if (flag === '--out') target = value()
    else if (flag === '--dictionaries') dics = value()
    else if (flag.startsWith('--')) { err.write(`qcloop catalogue draft: unknown option ${args[i]}\n${USAGE}\n`); return 2 }
    else paths.push(flag)
  }
  if (!instrument || paths.length === 0) { err.write(`qcloop catalogue draft: name products and --instrument\n${USAGE}\n`); return 2 }
  target ||= join(env.QCLOOP_CATALOGUES || 'qc-params', `${instrument.toLowerCase().replace(/[^a-z0-9_-]+/g, '_')}.yaml`)
  if (existsSync(target)) { err.write(`qcloop catalogue draft: ${target} exists; pass --out to write elsewhere (a draft never overwrites a catalogue)\n`); return 1 }
  const products: Header[][] = []
  let skipped = 0
  for (const f of await expandPaths(paths)) {
    try {
      const h = await readFitsHeaders(f)
      const inst = valueText(firstValue(h, 'INSTRUME'))
      if (inst?.toUpperCase() === instrument.toUpperCase() && firstValue(h, 'ESO PRO CATG') !== undefined) products.push(h)
      else skipped++
    } catch (e) {
      err.write(`qcloop catalogue draft: ${f}: ${(e as Error).message}\n`)
      skipped++
    }
  }
  if (products.length === 0) { err.write(`qcloop catalogue draft: no ${instrument} product among the files\n`); return 1 }
  const text = `# Draft catalogue of ${instrument}, from ${products.length} product(s). Edit, then restart qcloop.\n${stringify(draftCatalogue(instrument, products, loadDictionaries(dics.split(',').filter(Boolean))))}`
  // The server must accept the draft as it is.
  parseCatalogue(target, text)
  writeFileSync(target, text, { flag: 'wx' })
  out.write(`wrote ${target}: ${products.length} product(s)${skipped ? `, ${skipped} file(s) of other instruments or unreadable skipped` : ''}\n`)
  return 0
}
