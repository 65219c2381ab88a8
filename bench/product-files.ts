import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { formatHeader } from '../server/fits/format-header.ts'
import { readFitsHeaders } from '../server/fits/read-headers.ts'
import { msToMjd } from '../server/time/mjd.ts'

/**
 * Writes `n` header-only multi-extension products made from a real HAWK-I
 * master dark (primary + 4 chip extensions, 52 QC values each): new times,
 * ARCFILEs and QC values; the data units dropped (NAXIS = 0) as in the shared
 * header-only copies. Returns the paths and their total size in bytes.
 */
export async function writeBenchProducts(dir: string, n: number, seedDay: number): Promise<{ files: string[]; bytes: number }> {
  mkdirSync(dir, { recursive: true })
  const src = await readFitsHeaders('test/fixtures/eso/products/hawki/night01/darkcomb.fits')
  const files: string[] = []
  let bytes = 0
  for (let i = 0; i < n; i++) {
    const tMs = Date.UTC(2015, 0, 1) + (seedDay + i) * 86_400_000 + 10 * 3_600_000
    const iso = new Date(tMs).toISOString().replace('Z', '')
    const parts = src.map((h) => formatHeader(h.cards.filter((c) => !/^NAXIS\d$/.test(c.key)).map((c) => {
      if (c.key === 'NAXIS') return 'NAXIS   =                    0'
      if (c.key === 'MJD-OBS') return `MJD-OBS =     ${msToMjd(tMs).toFixed(10)}`
      if (c.key === 'DATE-OBS') return `DATE-OBS= '${iso}'`
      if (c.key === 'ARCFILE') return `ARCFILE = 'HAWKI.${iso}.fits'`
      if (c.key.startsWith('ESO QC ') && typeof c.value === 'number' && !Number.isInteger(c.value)) {
        return `HIERARCH ${c.key} = ${(c.value * (1 + Math.sin(i + c.value) * 0.01)).toPrecision(10)}`
      }
      return c.raw.trimEnd()
    })))
    const buf = Buffer.concat(parts)
    const path = join(dir, `HAWKI.${iso}.fits`)
    writeFileSync(path, buf)
    files.push(path)
    bytes += buf.length
  }
  return { files, bytes }
}
