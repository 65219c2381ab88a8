import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCatalogue } from '../../../server/catalogue/load-catalogues.ts'
import { buildServices } from '../../../server/services.ts'
import { readSeries } from '../../../server/store/series-read.ts'
import { openTestStore } from '../../helpers/test-store.ts'
import { startServer } from '../../helpers/server-process.ts'

const yaml = (name: string) => `
instrument: DOTS
instrume: [DOTS]
setup: { keys: [], label: default }
reports:
  - name: BIAS
    pro_catg: [MASTER_BIAS]
    params:
      - { name: ${JSON.stringify(name)}, keyword: ESO QC RON, unit: ADU, class: HC }
rules:
  - { param: ${JSON.stringify(name)}, type: fixed, warning: [1, 2], critical: [0.5, 3] }
`

describe('catalogue parameter names: whatever the ingest API accepts', () => {
  it('a dotted name gets rules, and its values are scored by them', async () => {
    const cat = parseCatalogue('dots.yaml', yaml('bias.ron'))
    const s = await buildServices(await openTestStore(), [cat])
    await s.writer.write([1.5, 2.5, 3.5].map((value, i) => ({ instrument: 'DOTS', report: 'BIAS', param: 'bias.ron', setup: 'A', tsMs: Date.UTC(2026, 0, 1 + i), value, product: `P${i}.fits`, status: 2 as const })))
    await s.scoring.idle()
    const [series] = await readSeries(s.store, { instrument: 'DOTS', param: 'bias.ron', setups: [], maxPoints: 100 })
    expect(series.scores.map((x) => x.score)).toEqual(['green', 'yellow', 'red'])
    await s.close()
  })

  it('a name the API would refuse is refused in the catalogue too, naming file, path and reason', () => {
    expect(() => parseCatalogue('dots.yaml', yaml('bias\u202eron'))).toThrow(/dots\.yaml.*name.*U\+202E/s)
  })

  it('the folder of catalogues is QCLOOP_CATALOGUES: a server started on one serves its instruments only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qcloop-cats-'))
    writeFileSync(join(dir, 'dots.yaml'), yaml('bias.ron'))
    const srv = await startServer({ QCLOOP_CATALOGUES: dir, QCLOOP_DATA: mkdtempSync(join(tmpdir(), 'qcloop-cats-data-')), QCLOOP_TOKEN: 'cats-token' })
    try {
      const cat = await (await fetch(`${srv.url}/api/v1/catalogue`)).json() as { instruments: { name: string; reports: { params: { name: string }[] }[] }[] }
      expect(cat.instruments.map((i) => i.name)).toEqual(['DOTS'])
      expect(cat.instruments[0].reports[0].params.map((p) => p.name)).toEqual(['bias.ron'])
    } finally { srv.proc.kill('SIGTERM'); await srv.exited }
  }, 120_000)
})
