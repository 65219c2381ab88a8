import { frameFromFits, isRawFrame } from '../calchecker/frames-from-headers.ts'
import { writeFrames } from '../store/frames-store.ts'
import { FitsFormatError } from '../fits/card.ts'
import type { Header } from '../fits/header.ts'
import { headerReaders } from '../fits/header-readers.ts'
import { ingestProduct, type ProductIngestDeps, type ProductResult } from '../products/ingest-product.ts'
import { mjdToMs } from '../time/mjd.ts'
import type { NightClock } from '../time/night.ts'

/**
 * One file of the landing folder: a raw frame (ESO DPR CATG, no PRO CATG)
 * goes to calChecker's frames, anything else is ingested as a product.
 *
 * @example
 * await ingestFile({ ...deps, nights }, '/data/landing/FORS2.2024-03-01T23:10:00.000.fits', 'FORS2.2024-03-01T23:10:00.000.fits')
 */
export async function ingestFile(d: ProductIngestDeps & { nights: NightClock }, path: string, name: string): Promise<ProductResult> {
  let headers: Header[]
  try {
    headers = await (d.fits ?? headerReaders()).file(path)
  } catch (e) {
    if (e instanceof FitsFormatError) return { file: name, status: 'refused', reason: e.message }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { file: name, status: 'refused', reason: 'file not found' }
    throw e
  }
  if (!isRawFrame(headers)) return ingestProduct(d, name, async () => headers)
  const now = (d.clock ?? Date.now)()
  const r = frameFromFits(d.catalogues(), headers, name, now)
  if ('error' in r) return { file: name, status: 'refused', reason: `${r.field}: ${r.error}` }
  const w = await writeFrames(d.store, [r.frame], d.nights, now)
  return { file: name, status: 'ingested', instrument: r.frame.instrument, report: r.frame.dataType || 'unclassified', product: r.frame.file, ts: new Date(mjdToMs(r.frame.mjd)).toISOString(), values: 0, frames: w.accepted + w.replaced, frameDuplicates: w.duplicates }
}
