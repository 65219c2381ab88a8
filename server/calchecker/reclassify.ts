import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { StoreClient } from '../store/client.ts'
import { readFrameClasses, retypeFrames } from '../store/frames-store.ts'
import { classifyType } from './classify-frame.ts'

/**
 * Brings stored raw frames in line with the current classification rules
 * (run at start-up, after a QC scientist edited `calchecker.classify`): every
 * distinct DPR combination is classified again and frames whose data type
 * changed are re-inserted with the new one (a newer received_at, so it wins). Instruments
 * whose rules look at keywords beyond DPR (`where`) are skipped: those
 * keywords are not stored, so their frames must be sent again.
 *
 * @example
 * await reclassifyFrames(store, catalogues, Date.now()) // 120 frames of FORS2 now FLAT_SKY
 */
export async function reclassifyFrames(store: StoreClient, cats: InstrumentCatalogue[], nowMs: number): Promise<{ instrument: string; from: string; to: string; frames: number }[]> {
  const changed: { instrument: string; from: string; to: string; frames: number }[] = []
  for (const cat of cats) {
    const a = cat.calchecker
    if (!a || a.classify.some((r) => r.where)) continue
    for (const c of await readFrameClasses(store, cat.instrument)) {
      const now = classifyType(a, { 'ESO DPR CATG': c.catg, 'ESO DPR TYPE': c.type, 'ESO DPR TECH': c.tech })
      if (now === c.dataType) continue
      await retypeFrames(store, cat.instrument, { catg: c.catg, type: c.type, tech: c.tech, was: c.dataType, now }, nowMs)
      changed.push({ instrument: cat.instrument, from: c.dataType, to: now, frames: c.frames })
    }
  }
  return changed
}
