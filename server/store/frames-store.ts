import type { StoreClient } from './client.ts'
import type { NightClock } from '../time/night.ts'
import { mjdToMs } from '../time/mjd.ts'
import type { Frame } from '../calchecker/classify-frame.ts'

/** What a frame row says, for comparing a re-sent frame with the stored one. */
const signature = (f: Pick<Frame, 'mjd' | 'catg' | 'dprType' | 'tech' | 'dataType' | 'science' | 'source' | 'prog' | 'obId' | 'obName' | 'tplStart' | 'mode' | 'keys'>) =>
  JSON.stringify([f.mjd, f.catg, f.dprType, f.tech, f.dataType, f.science, f.source, f.prog, f.obId, f.obName, f.tplStart, f.mode, Object.entries(f.keys).sort()])

/**
 * Stores frames in one insert (all or none). Re-sending a frame is
 * idempotent: the table keeps one row per instrument, night and file; a
 * frame stored as it is counts as a duplicate, one that now reads
 * differently (e.g. after the association rules changed) replaces it.
 *
 * @example
 * await writeFrames(store, frames, new NightClock(21), Date.now()) // { accepted: 12, duplicates: 0, replaced: 0 }
 */
export async function writeFrames(store: StoreClient, frames: Frame[], nights: NightClock, nowMs: number): Promise<{ accepted: number; duplicates: number; replaced: number }> {
  if (frames.length === 0) return { accepted: 0, duplicates: 0, replaced: 0 }
  const db = store.database
  const night = (f: Frame) => nights.nightOf(mjdToMs(f.mjd))
  // Night is in the key, so the comparison reads only the batch's nights.
  const rs = await store.client.query({
    query: `SELECT instrument, file, mjd, catg, dpr_type, tech, data_type, science, source, prog, ob_id, ob_name, tpl_start, mode, keys
      FROM ${db}.qc_frames FINAL WHERE night IN (SELECT toDate(arrayJoin({nd:Array(String)}))) AND (instrument, night, file) IN (
      SELECT tupleElement(x, 1), toDate(tupleElement(x, 2)), tupleElement(x, 3) FROM (SELECT arrayJoin(arrayZip({i:Array(String)}, {n:Array(String)}, {f:Array(String)})) AS x))`,
    query_params: { i: frames.map((f) => f.instrument), n: frames.map(night), nd: [...new Set(frames.map(night))], f: frames.map((f) => f.file) }, format: 'JSONCompact',
  })
  type Row = [string, string, number, string, string, string, string, number, string, string, string, string, string, string, Record<string, string>]
  const stored = new Map((await rs.json<Row>()).data.map(([i, file, mjd, catg, dprType, tech, dataType, science, source, prog, obId, obName, tplStart, mode, keys]) =>
    [`${i}\u0000${file}`, signature({ mjd, catg, dprType, tech, dataType, science: Number(science) === 1, source: source as Frame['source'], prog, obId: Number(obId), obName, tplStart, mode, keys })]))
  const write = new Map<string, Frame>()
  let replaced = 0
  for (const f of frames) {
    const k = `${f.instrument}\u0000${f.file}`
    const old = stored.get(k)
    if (old === signature(f) || write.has(k)) continue
    if (old !== undefined) replaced++
    write.set(k, f)
  }
  if (write.size > 0) {
    await store.client.insert({
      table: `${db}.qc_frames`, format: 'JSONEachRow',
      values: [...write.values()].map((f) => ({
        instrument: f.instrument, night: night(f), file: f.file, mjd: f.mjd, catg: f.catg, dpr_type: f.dprType, tech: f.tech,
        data_type: f.dataType, science: f.science ? 1 : 0, source: f.source, prog: f.prog, ob_id: f.obId, ob_name: f.obName,
        tpl_start: f.tplStart, mode: f.mode, keys: f.keys, received_at: nowMs,
      })),
    })
  }
  return { accepted: write.size - replaced, duplicates: frames.length - write.size, replaced }
}

/**
 * Attaches QC0 grades (A, B, C, D) to OBs; a later grade replaces an earlier one.
 *
 * @example
 * await writeGrades(store, [{ instrument: 'FORS2', obId: 200123, grade: 'B' }], 'qc-sci', Date.now())
 */
export async function writeGrades(store: StoreClient, grades: { instrument: string; obId: number; grade: string }[], by: string, nowMs: number): Promise<void> {
  if (grades.length === 0) return
  await store.client.insert({
    table: `${store.database}.qc_ob_grades`, format: 'JSONEachRow',
    values: grades.map((g) => ({ instrument: g.instrument, ob_id: g.obId, grade: g.grade, by, at: nowMs })),
  })
}

/** Raw frames of an instrument per stored DPR combination and data type, with counts (for re-classification). */
export async function readFrameClasses(store: StoreClient, instrument: string): Promise<{ catg: string; type: string; tech: string; dataType: string; frames: number }[]> {
  const rs = await store.client.query({
    query: `SELECT catg, dpr_type, tech, data_type, count() FROM ${store.database}.qc_frames FINAL WHERE instrument = {i:String} AND source = 'raw' GROUP BY catg, dpr_type, tech, data_type`,
    query_params: { i: instrument }, format: 'JSONCompact',
  })
  return (await rs.json<[string, string, string, string, string]>()).data.map(([catg, type, tech, dataType, n]) => ({ catg, type, tech, dataType, frames: Number(n) }))
}

/** Re-inserts the raw frames of one DPR combination with a new data type (a newer received_at, so it wins). */
export async function retypeFrames(store: StoreClient, instrument: string, c: { catg: string; type: string; tech: string; was: string; now: string }, atMs: number): Promise<void> {
  const db = store.database
  await store.client.command({
    query: `INSERT INTO ${db}.qc_frames SELECT * REPLACE ({new_type:String} AS data_type, greatest(fromUnixTimestamp64Milli({at_ms:Int64}, 'UTC'), received_at + toIntervalMillisecond(1)) AS received_at)
      FROM ${db}.qc_frames AS f FINAL WHERE f.instrument = {i:String} AND f.source = 'raw' AND f.catg = {catg:String} AND f.dpr_type = {type:String}
        AND f.tech = {tech:String} AND f.data_type = {was:String}`, // qualified: a bare data_type would mean the REPLACE alias
    query_params: { i: instrument, catg: c.catg, type: c.type, tech: c.tech, was: c.was, new_type: c.now, at_ms: atMs },
  })
}
