import type { InstrumentCatalogue } from '../catalogue/catalogue-schema.ts'
import type { StoreClient } from '../store/client.ts'
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
  const db = store.database
  const changed: { instrument: string; from: string; to: string; frames: number }[] = []
  for (const cat of cats) {
    const a = cat.calchecker
    if (!a || a.classify.some((r) => r.where)) continue
    const rs = await store.client.query({
      query: `SELECT catg, dpr_type, tech, data_type, count() FROM ${db}.qc_frames FINAL WHERE instrument = {i:String} AND source = 'raw' GROUP BY catg, dpr_type, tech, data_type`,
      query_params: { i: cat.instrument }, format: 'JSONCompact',
    })
    for (const [catg, type, tech, was, n] of (await rs.json<[string, string, string, string, string]>()).data) {
      const now = classifyType(a, { 'ESO DPR CATG': catg, 'ESO DPR TYPE': type, 'ESO DPR TECH': tech })
      if (now === was) continue
      await store.client.command({
        query: `INSERT INTO ${db}.qc_frames SELECT * REPLACE ({new_type:String} AS data_type, greatest(fromUnixTimestamp64Milli({at_ms:Int64}, 'UTC'), received_at + toIntervalMillisecond(1)) AS received_at)
          FROM ${db}.qc_frames AS f FINAL WHERE f.instrument = {i:String} AND f.source = 'raw' AND f.catg = {catg:String} AND f.dpr_type = {type:String}
            AND f.tech = {tech:String} AND f.data_type = {was:String}`, // qualified: a bare data_type would mean the REPLACE alias
        query_params: { i: cat.instrument, catg, type, tech, was, new_type: now, at_ms: nowMs },
      })
      changed.push({ instrument: cat.instrument, from: was, to: now, frames: Number(n) })
    }
  }
  return changed
}
